import type { AliasDefinition } from '../snapshot/model/alias-definition.js';
import { isAliasAllowed, type ChatUser } from './alias-access.js';

/** One line of `help`: a display format of an alias the user may run. */
export interface HelpEntry {
  pack: string;
  alias: string;
  display: string;
  description?: string;
}

/**
 * Every display format of the enabled aliases the user may run. The filter matches display,
 * description, alias ref or action ref, ignoring case.
 */
export function helpEntries(aliases: readonly AliasDefinition[], who: ChatUser, filter = ''): HelpEntry[] {
  const needle = filter.trim().toLowerCase();
  const entries: HelpEntry[] = [];
  for (const alias of aliases) {
    if (!alias.enabled || !isAliasAllowed(alias, who)) continue;
    for (const pattern of alias.patterns) {
      const haystack = [pattern.display, alias.description ?? '', alias.ref, alias.action_ref].join('\n');
      if (needle !== '' && !haystack.toLowerCase().includes(needle)) continue;
      entries.push({
        pack: alias.pack,
        alias: alias.ref,
        display: pattern.display,
        ...(alias.description ? { description: alias.description } : {}),
      });
    }
  }
  return entries;
}

/** The `help [filter]` answer: one line per entry of helpEntries, with its description. */
export function formatHelp(aliases: readonly AliasDefinition[], who: ChatUser, filter = ''): string {
  const needle = filter.trim();
  const lines = helpEntries(aliases, who, filter).map((entry) =>
    entry.description ? `${entry.display} — ${entry.description}` : entry.display,
  );
  if (lines.length === 0) {
    return needle === '' ? 'There are no commands you can run.' : `No commands match "${needle}".`;
  }
  const heading = needle === '' ? 'Commands you can run' : `Commands matching "${needle}"`;
  return `${heading} (${lines.length}):\n${lines.map((line) => `• ${line}`).join('\n')}`;
}
