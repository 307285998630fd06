import { MissingDatastoreKey } from './datastore-view.js';
import { SafeString } from './nunjucks-internals.js';
import { pythonStr } from './python-repr.js';

/**
 * How a value reads inside text, as Python's Jinja prints it (StackStorm's content expects it):
 * strings as they are, `True`/`False`/`None`, lists and dicts in Python's repr (`[1, 'a']`,
 * `{'a': True}`). A missing value (undefined, a missing datastore key) prints nothing, as Jinja's
 * default Undefined does.
 */
export function toOutputString(value: unknown): string {
  if (value === undefined || value instanceof MissingDatastoreKey) return '';
  if (value instanceof SafeString) return String(value);
  if (typeof value === 'function' || typeof value === 'symbol') return '';
  return pythonStr(value);
}

/** The value a single-expression template returns: markers and safe strings become plain values. */
export function toTemplateValue(value: unknown): unknown {
  if (value instanceof MissingDatastoreKey) return '';
  if (value instanceof SafeString) return String(value);
  return value === undefined ? '' : value;
}
