import type { ActionSpec, ParameterSpec, ParameterSpecs } from '../snapshot/model/action-definition.js';
import type { YamlDocument, YamlPath } from '../parsing/yaml-document.js';
import { ValidationError } from '../common/errors.js';
import { suggestName } from './suggest-name.js';
import { isRecord } from '../common/guards.js';

const ACTION_FIELDS = [
  'name',
  'pack',
  'runner_type',
  'entry_point',
  'description',
  'enabled',
  'parameters',
  'output_schema',
  'notify',
  'tags',
  // st2 API fields that exported metadata may carry; accepted and ignored.
  'id',
  'ref',
  'uid',
  'metadata_file',
];
const PARAMETER_TYPES = ['string', 'integer', 'number', 'boolean', 'array', 'object', 'null'];
const PARAMETER_NAME = /^\w+$/;
const PARAMETER_FLAGS = ['required', 'immutable', 'secret'] as const;

/**
 * Checks st2 action metadata and returns it typed, with st2's defaults (`enabled: true`, `pack`
 * from the pack folder, empty `parameters`). Throws ValidationError (code E_ACTION_INVALID)
 * naming the file, the line and the fix.
 */
export function validateActionSpec(doc: YamlDocument, options: { pack: string }): ActionSpec {
  const fail = (path: YamlPath, message: string): never => {
    const line = doc.lineOf(path) ?? 1;
    throw new ValidationError(`action ${doc.file}:${line}: ${message}`, {
      code: 'E_ACTION_INVALID',
      location: { file: doc.file, line },
    });
  };
  const data = doc.data;
  if (!isRecord(data))
    return fail([], 'the file must hold a YAML mapping of action metadata (name, runner_type, ...)');

  for (const key of Object.keys(data)) {
    if (ACTION_FIELDS.includes(key)) continue;
    fail(
      [key],
      `unknown field "${key}"${suggestName(key, ACTION_FIELDS, `; allowed: ${ACTION_FIELDS.slice(0, 10).join(', ')}`)}`,
    );
  }
  const name = data['name'];
  if (typeof name !== 'string' || name.trim() === '')
    return fail(['name'], '"name" is required and must be a non-empty string');
  const runnerType = data['runner_type'];
  if (typeof runnerType !== 'string' || runnerType === '') {
    return fail(
      ['runner_type'],
      `"runner_type" is required (e.g. local-shell-cmd, local-shell-script, nodejs, http-request)`,
    );
  }
  const pack = data['pack'] ?? options.pack;
  if (pack !== options.pack) {
    fail(
      ['pack'],
      `"pack" is "${String(pack)}" but the action is in pack "${options.pack}"; remove the field or set it to "${options.pack}"`,
    );
  }
  optionalType(data, 'entry_point', 'string', fail);
  optionalType(data, 'description', 'string', fail);
  optionalType(data, 'enabled', 'boolean', fail);
  for (const key of ['output_schema', 'notify'] as const) {
    if (data[key] !== undefined && data[key] !== null && !isRecord(data[key]))
      fail([key], `"${key}" must be a mapping`);
  }

  const spec: ActionSpec = {
    name,
    pack: options.pack,
    runner_type: runnerType,
    enabled: data['enabled'] === undefined || data['enabled'] === null ? true : (data['enabled'] as boolean),
    parameters: validateParameters(data['parameters'], fail),
  };
  if (typeof data['entry_point'] === 'string') spec.entry_point = data['entry_point'];
  if (typeof data['description'] === 'string') spec.description = data['description'];
  if (isRecord(data['output_schema'])) spec.output_schema = data['output_schema'];
  if (isRecord(data['notify'])) spec.notify = data['notify'];
  const tags = validateTags(data['tags'], fail);
  if (tags) spec.tags = tags;
  return spec;
}

type Fail = (path: YamlPath, message: string) => never;

function validateParameters(raw: unknown, fail: Fail): ParameterSpecs {
  if (raw === undefined || raw === null) return {};
  if (!isRecord(raw))
    return fail(['parameters'], '"parameters" must be a mapping of parameter name to its schema');
  const specs: ParameterSpecs = {};
  const positions = new Map<number, string>();
  for (const [name, value] of Object.entries(raw)) {
    const at: YamlPath = ['parameters', name];
    if (!PARAMETER_NAME.test(name)) {
      fail(
        at,
        `parameter name "${name}" may only hold letters, digits and underscores (st2 requires ^\\w+$)`,
      );
    }
    if (!isRecord(value)) fail(at, `parameter "${name}" must be a mapping (type, description, default, ...)`);
    const spec = value as ParameterSpec;
    checkType(spec.type, name, [...at, 'type'], fail);
    for (const flag of PARAMETER_FLAGS) {
      if (spec[flag] !== undefined && typeof spec[flag] !== 'boolean') {
        fail([...at, flag], `parameter "${name}": "${flag}" must be true or false`);
      }
    }
    if (spec.enum !== undefined && !Array.isArray(spec.enum))
      fail([...at, 'enum'], `parameter "${name}": "enum" must be a list`);
    if (spec.position !== undefined) {
      if (!Number.isInteger(spec.position) || spec.position < 0) {
        fail([...at, 'position'], `parameter "${name}": "position" must be a whole number, 0 or more`);
      }
      const other = positions.get(spec.position);
      if (other)
        fail(
          [...at, 'position'],
          `parameters "${other}" and "${name}" both have position ${spec.position}; give each a different one`,
        );
      positions.set(spec.position, name);
    }
    specs[name] = spec;
  }
  return specs;
}

function checkType(type: unknown, name: string, at: YamlPath, fail: Fail): void {
  if (type === undefined) return;
  const types = Array.isArray(type) ? type : [type];
  for (const item of types) {
    if (typeof item !== 'string' || !PARAMETER_TYPES.includes(item)) {
      const otherwise = `; use one of ${PARAMETER_TYPES.join(', ')}`;
      fail(
        at,
        `parameter "${name}": unknown type ${JSON.stringify(item)}${typeof item === 'string' ? suggestName(item, PARAMETER_TYPES, otherwise) : otherwise}`,
      );
    }
  }
}

function validateTags(raw: unknown, fail: Fail): ActionSpec['tags'] {
  if (raw === undefined || raw === null) return undefined;
  if (!Array.isArray(raw)) return fail(['tags'], '"tags" must be a list of {name, value}');
  return raw.map((tag, index) => {
    if (!isRecord(tag) || typeof tag['name'] !== 'string')
      return fail(['tags', index], 'each tag needs a "name" (and an optional "value")');
    return tag['value'] === undefined
      ? { name: tag['name'] }
      : { name: tag['name'], value: String(tag['value']) };
  });
}

function optionalType(
  data: Record<string, unknown>,
  key: string,
  type: 'string' | 'boolean',
  fail: Fail,
): void {
  const value = data[key];
  if (value !== undefined && value !== null && typeof value !== type)
    fail([key], `"${key}" must be a ${type}`);
}
