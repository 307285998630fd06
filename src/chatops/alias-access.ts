import type { AliasDefinition } from '../snapshot/model/alias-definition.js';

/** Who is asking, as the chat adapter knows them. */
export interface ChatUser {
  user: string;
  /** Groups (teams, roles) the adapter reports for the user, if any. */
  groups?: readonly string[];
}

/**
 * Whether the user may run the alias. Without `allowed_users` and `allowed_groups` everybody may;
 * with either, the user must be listed or belong to a listed group (names compare exactly).
 */
export function isAliasAllowed(alias: AliasDefinition, who: ChatUser): boolean {
  const users = alias.allowed_users;
  const groups = alias.allowed_groups;
  if (users === undefined && groups === undefined) return true;
  if (users?.includes(who.user)) return true;
  return (who.groups ?? []).some((group) => groups?.includes(group) ?? false);
}

/** The answer a refused user sees: what they may not run and whom to ask, never the allow list. */
export function refusalMessage(alias: AliasDefinition, who: ChatUser): string {
  return `Sorry ${who.user}, you are not allowed to run "${alias.ref}". Ask an administrator of the "${alias.pack}" pack for access.`;
}
