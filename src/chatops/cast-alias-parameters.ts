import type { ParameterSpecs } from '../snapshot/model/action-definition.js';
import { ConflictError, ValidationError } from '../common/errors.js';
import { castParameterValue } from '../templates/cast-parameter.js';
import { setOwn } from './split-trailing-pairs.js';

export interface CastAliasOptions {
  /** The alias's `immutable_parameters`, already rendered. */
  immutableParameters?: Record<string, unknown>;
  /** For messages: the alias ref and the action ref. */
  aliasRef?: string;
  actionRef?: string;
}

/**
 * Turns the strings a chat command gave into the action's parameter types, then adds the alias's
 * immutable parameters. As in st2, an array typed in chat is split on commas (`a, b` → ['a','b'])
 * unless it is written as a JSON list; items are cast to the `items` type when one is declared.
 * A parameter the action does not declare, or a user value for an immutable parameter, is refused;
 * a value that does not fit its type is a ValidationError (E_PARAMETER_TYPE).
 */
export function castAliasParameters(
  parameters: Record<string, string>,
  actionParameterSpecs: ParameterSpecs,
  options: CastAliasOptions = {},
): Record<string, unknown> {
  const immutable = options.immutableParameters ?? {};
  const overridden = Object.keys(parameters).filter((name) => Object.hasOwn(immutable, name));
  if (overridden.length > 0) {
    throw new ConflictError(
      `${overridden.map((name) => `"${name}"`).join(', ')} cannot be set from chat: ` +
        `the alias${options.aliasRef ? ` ${options.aliasRef}` : ''} fixes ${overridden.length > 1 ? 'them' : 'it'}. ` +
        'Leave it out of the command.',
      { code: 'E_ALIAS_IMMUTABLE', details: { parameters: overridden } },
    );
  }
  const result: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(parameters)) {
    const spec = Object.hasOwn(actionParameterSpecs, name) ? actionParameterSpecs[name] : undefined;
    if (spec === undefined) {
      const known = Object.keys(actionParameterSpecs).join(', ') || 'none';
      throw new ValidationError(
        `"${name}" is not a parameter of ${options.actionRef ?? 'the action'} (its parameters: ${known})`,
        { code: 'E_ALIAS_PARAMETER', details: { parameter: name } },
      );
    }
    setOwn(result, name, castParameterValue(name, value, spec));
  }
  for (const [name, value] of Object.entries(immutable)) {
    const spec = Object.hasOwn(actionParameterSpecs, name) ? actionParameterSpecs[name] : undefined;
    setOwn(result, name, typeof value === 'string' && spec ? castParameterValue(name, value, spec) : value);
  }
  return result;
}
