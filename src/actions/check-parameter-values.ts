import { Ajv, type ValidateFunction } from 'ajv';

import { normalizeSchema } from '../parsing/json-schema.js';
import type { ActionDefinition, ParameterSpec } from '../snapshot/model/action-definition.js';

export interface ParameterProblem {
  parameter: string;
  code: 'E_REQUIRED_PARAMETER' | 'E_PARAMETER_INVALID';
  message: string;
}

/** st2's own keys in a parameter spec, which are not JSON-schema validation keywords. */
const ST2_KEYS = new Set(['required', 'immutable', 'secret', 'position', 'default', 'description']);

const ajv = new Ajv({ strict: false, allErrors: true, coerceTypes: false });
const compiled = new WeakMap<ActionDefinition, Map<string, ValidateFunction>>();

/**
 * Checks final parameter values against the action's specs: required present, then type, enum
 * and the rest of each parameter's JSON schema. A null value means "no value".
 */
export function checkParameterValues(
  action: ActionDefinition,
  values: Record<string, unknown>,
): ParameterProblem[] {
  const problems: ParameterProblem[] = [];
  const validators = validatorsFor(action);
  for (const [name, spec] of Object.entries(action.parameters)) {
    const value = values[name];
    if (value === undefined || value === null) {
      if (spec.required === true) {
        problems.push({
          parameter: name,
          code: 'E_REQUIRED_PARAMETER',
          message: `parameter "${name}" is required${spec.description ? ` (${spec.description.trim()})` : ''}; supply it`,
        });
      }
      continue;
    }
    const validate = validators.get(name);
    if (validate && !validate(value)) {
      problems.push({
        parameter: name,
        code: 'E_PARAMETER_INVALID',
        message: describe(name, spec, value, validate),
      });
    }
  }
  return problems;
}

function validatorsFor(action: ActionDefinition): Map<string, ValidateFunction> {
  let validators = compiled.get(action);
  if (!validators) {
    validators = new Map();
    for (const [name, spec] of Object.entries(action.parameters)) {
      const schema = Object.fromEntries(Object.entries(spec).filter(([key]) => !ST2_KEYS.has(key)));
      validators.set(name, ajv.compile(normalizeSchema(schema) as object));
    }
    compiled.set(action, validators);
  }
  return validators;
}

function describe(name: string, spec: ParameterSpec, value: unknown, validate: ValidateFunction): string {
  const shown = JSON.stringify(value)?.slice(0, 80) ?? String(value);
  if (spec.enum && !spec.enum.some((allowed) => JSON.stringify(allowed) === JSON.stringify(value))) {
    return `parameter "${name}" is ${shown}, which is not one of ${JSON.stringify(spec.enum)}`;
  }
  const details = (validate.errors ?? [])
    .map(
      (error) =>
        `${error.instancePath ? `${name}${error.instancePath.replaceAll('/', '.')}` : name} ${error.message ?? 'is invalid'}`,
    )
    .join('; ');
  const type =
    spec.type === undefined
      ? ''
      : ` (declared type: ${Array.isArray(spec.type) ? spec.type.join(' or ') : spec.type})`;
  return `parameter "${name}" is ${shown}: ${details}${type}`;
}
