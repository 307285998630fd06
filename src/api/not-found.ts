import { NotFoundError } from '../common/errors.js';

/**
 * A request named something that does not exist: `<what> ; see GET /api/v1/<list>`, where the
 * list resource shows what does.
 */
export function notFound(what: string, list: string | undefined, code: string): NotFoundError {
  return new NotFoundError(list === undefined ? what : `${what}; see GET /api/v1/${list}`, { code });
}
