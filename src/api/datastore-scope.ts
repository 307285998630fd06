import { ValidationError } from '../common/errors.js';

/**
 * The datastore scope an API call means, st2's way: `scope` is `system` (default) or `user` (with
 * `user=<name>`), with or without the `st2kv.` prefix; Squall's own `user:<name>` works too.
 * `all` (lists only) means every scope and comes back as undefined.
 */
export function datastoreScope(
  scope: unknown,
  user: unknown,
  options: { allowAll?: boolean } = {},
): string | undefined {
  const fail = (message: string): never => {
    throw new ValidationError(`api: ${message}`, { code: 'E_DATASTORE_SCOPE' });
  };
  if (scope !== undefined && typeof scope !== 'string') return fail('"scope" must be a string');
  if (user !== undefined && typeof user !== 'string') return fail('"user" must be a string');
  const name = (scope ?? 'system').replace(/^st2kv\./, '');
  if (name === 'all' && options.allowAll) return undefined;
  if (name === 'system') return 'system';
  if (name.startsWith('user:') && name.length > 'user:'.length) return name;
  if (name === 'user') {
    if (user === undefined || user === '') return fail('scope "user" needs the user name: add user=<name>');
    return `user:${user}`;
  }
  return fail(
    `scope "${scope}" is not valid; use system, user (with user=<name>)${options.allowAll ? ' or all' : ''}`,
  );
}
