import { ConflictError, NotFoundError } from '../common/errors.js';
import type { AliasDefinition } from '../snapshot/model/alias-definition.js';
import { extractAliasParameters } from './extract-alias-parameters.js';

export interface AliasMatch {
  alias: AliasDefinition;
  /** The display string and the representation that matched. */
  format: { display: string; representation: string };
  /** Values as typed (strings); cast them with castAliasParameters. */
  parameters: Record<string, string>;
}

/**
 * For each enabled alias, its first representation (in declaration order) that matches the
 * command. An alias appears at most once, so two representations of one alias never conflict.
 */
export function findAliasMatches(aliases: readonly AliasDefinition[], command: string): AliasMatch[] {
  const matches: AliasMatch[] = [];
  for (const alias of aliases) {
    if (!alias.enabled) continue;
    const match = matchOne(alias, command);
    if (match) matches.push(match);
  }
  return matches;
}

/**
 * The one alias a chat command runs. No match is a NotFoundError (E_ALIAS_NO_MATCH) pointing at
 * `help`; several aliases matching is a ConflictError (E_ALIAS_AMBIGUOUS) naming them.
 */
export function matchAlias(aliases: readonly AliasDefinition[], command: string): AliasMatch {
  const matches = findAliasMatches(aliases, command);
  const [first] = matches;
  if (!first) {
    // The command is not repeated back: it may hold a secret typed where it did not belong.
    throw new NotFoundError('No command matches that. Type "help" to list the commands you can run.', {
      code: 'E_ALIAS_NO_MATCH',
      details: { command },
    });
  }
  if (matches.length > 1) {
    const names = matches.map((m) => `${m.alias.ref} ("${m.format.display}")`).join(', ');
    throw new ConflictError(
      `That matches more than one command: ${names}. Make the command more specific, ` +
        'or disable or reword one of these aliases.',
      { code: 'E_ALIAS_AMBIGUOUS', details: { command, aliases: matches.map((m) => m.alias.ref) } },
    );
  }
  return first;
}

function matchOne(alias: AliasDefinition, command: string): AliasMatch | undefined {
  for (const pattern of alias.patterns) {
    for (const representation of pattern.representations) {
      const parameters = extractAliasParameters(representation, command);
      if (parameters) {
        return {
          alias,
          format: { display: pattern.display, representation: representation.source },
          parameters,
        };
      }
    }
  }
  return undefined;
}
