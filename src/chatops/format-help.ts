import type { AliasDefinition } from './alias-definition.js';
import { isAliasAllowed, type ChatUser } from './alias-access.js';

/**
 * The `help [filter]` answer: every enabled alias the user may run, one line per display format,
 * with its description. The filter matches display, description, alias ref or action ref,
 * ignoring case.
 */
export function formatHelp(aliases: readonly AliasDefinition[], who: ChatUser, filter = ''): string {
  const needle = filter.trim().toLowerCase();
  const lines: string[] = [];
  for (const alias of aliases) {
    if (!alias.enabled || !isAliasAllowed(alias, who)) continue;
    for (const pattern of alias.patterns) {
      const haystack = [pattern.display, alias.description ?? '', alias.ref, alias.action_ref].join('\n');
      if (needle !== '' && !haystack.toLowerCase().includes(needle)) continue;
      lines.push(alias.description ? `${pattern.display} — ${alias.description}` : pattern.display);
    }
  }
  if (lines.length === 0) {
    return needle === '' ? 'There are no commands you can run.' : `No commands match "${filter.trim()}".`;
  }
  const heading = needle === '' ? 'Commands you can run' : `Commands matching "${filter.trim()}"`;
  return `${heading} (${lines.length}):\n${lines.map((line) => `• ${line}`).join('\n')}`;
}
