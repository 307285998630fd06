import { ValidationError } from '../common/errors.js';

/**
 * What one process of a cluster does. `api` serves HTTP and webhooks; `sensors` runs file watches
 * and pack sensors; `rules` matches trigger instances; `runners` executes actions; `scheduler`
 * runs the timers (and with them what is due: rollbacks, confirmations' expiry).
 */
export type Role = 'api' | 'sensors' | 'rules' | 'runners' | 'scheduler';

export const ALL_ROLES: readonly Role[] = ['api', 'sensors', 'rules', 'runners', 'scheduler'];

/** `api,rules` → the roles; an unknown name is refused with the list of known ones. */
export function parseRoles(text: string): Role[] {
  const names = text
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name.length > 0);
  if (names.length === 0) {
    throw new ValidationError(`--role: give at least one of ${ALL_ROLES.join(', ')}`, { code: 'E_ROLE' });
  }
  for (const name of names) {
    if (!(ALL_ROLES as readonly string[]).includes(name)) {
      throw new ValidationError(`--role: unknown role "${name}"; known: ${ALL_ROLES.join(', ')}`, {
        code: 'E_ROLE',
      });
    }
  }
  return [...new Set(names as Role[])];
}
