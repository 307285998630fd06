import { ValidationError } from '../../common/errors.js';
import { maskUrlCredentials } from '../../security/url-credentials.js';
import { hasSpaceOrControl, printable } from './printable-text.js';

/** What `squall pack install` was given: a git URL (with an optional ref), a local folder, or an index name. */
export type InstallSource =
  | { kind: 'git'; url: string; ref?: string }
  | { kind: 'path'; path: string }
  | { kind: 'name'; name: string; ref?: string };

const SCP_LIKE = /^([A-Za-z0-9._~][A-Za-z0-9._~-]*)@([A-Za-z0-9][A-Za-z0-9.-]*):(?!\/\/)(.+)$/;
const PACK_NAME = /^[a-z0-9_]+$/;
/** Refs git would accept that cannot be read as options or revision expressions. */
const SAFE_REF = /^[A-Za-z0-9_][A-Za-z0-9._/+-]*$/;

/**
 * Why each accepted scheme is accepted: `https://` and `ssh://`/`git@host:path` authenticate the
 * server; `file://` is a folder on this machine. `http://` is refused (code and tokens would travel
 * in clear and could be altered on the way), and so are `git://`, `ext::` and every other transport.
 */
const ALLOWED_SCHEMES = ['https:', 'ssh:', 'file:'];

/**
 * Parses `<git-url>[=<ref>]`, a folder (`/x`, `./x`, `../x`) or `<name>[=<ref>]`; refuses anything git
 * could read as an option. A bare word is always a pack name, never a folder that happens to exist.
 */
export function parseInstallSource(text: string): InstallSource {
  const source = text.trim();
  if (source === '') throw invalid(text, 'is empty; give a git URL, a local folder or a pack name');
  refuseUnsafeText(source, 'source');
  if (looksLikeGitUrl(source)) {
    const { url, ref } = splitRef(source);
    assertSafeGitUrl(url);
    if (ref !== undefined) assertSafeRef(ref);
    return ref === undefined ? { kind: 'git', url } : { kind: 'git', url, ref };
  }
  if (isPathLike(source)) return { kind: 'path', path: source };
  const [name = '', ref, ...rest] = source.split('=');
  if (PACK_NAME.test(name) && rest.length === 0) {
    if (ref !== undefined) assertSafeRef(ref);
    return ref === undefined ? { kind: 'name', name } : { kind: 'name', name, ref };
  }
  throw invalid(
    source,
    'is neither a git URL (https://, ssh://, git@host:path, file://), a local folder (./x, /x) nor a pack name (a-z, 0-9, _)',
  );
}

/** Throws unless `url` is an https://, ssh://, user@host:path or file:// URL that git cannot read as an option. */
export function assertSafeGitUrl(url: string): void {
  refuseUnsafeText(url, 'git URL');
  const scp = SCP_LIKE.exec(url);
  if (scp) {
    if (scp[3]?.startsWith('-'))
      throw invalid(url, 'has a path starting with "-", which git could read as an option');
    return;
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalid(
      url,
      'is not a URL; use https://host/repo.git, ssh://host/repo.git, git@host:repo.git or file:///path',
    );
  }
  if (parsed.protocol === 'http:') {
    throw invalid(url, 'uses plain http://, which sends code and tokens in clear; use https://');
  }
  if (!ALLOWED_SCHEMES.includes(parsed.protocol)) {
    throw invalid(
      url,
      `uses "${parsed.protocol}", which Squall does not clone from; use https://, ssh://, git@host:path or file://`,
    );
  }
  if (parsed.protocol !== 'file:' && parsed.hostname === '') throw invalid(url, 'has no host');
  if (parsed.hostname.startsWith('-')) throw invalid(url, 'has a host starting with "-"');
  if (parsed.protocol === 'file:' && parsed.pathname === '/') throw invalid(url, 'names no folder');
}

/** Throws unless `ref` is a branch, tag or commit name that cannot be read as an option or a revision expression. */
export function assertSafeRef(ref: string): void {
  if (
    ref === '' ||
    ref.length > 200 ||
    !SAFE_REF.test(ref) ||
    ref.includes('..') ||
    ref.endsWith('/') ||
    ref.endsWith('.lock')
  ) {
    throw new ValidationError(
      `pack install: ref "${maskUrlCredentials(printable(ref))}" is not a branch, tag or commit name ` +
        '(letters, digits, ".", "_", "/", "+", "-"; not starting with "-" or containing "..")',
      { code: 'E_PACK_SOURCE' },
    );
  }
}

/**
 * `https://x/y.git=v1.2` → url and ref, as st2's `packs.install` takes them. The first `=` after
 * the host separates them, so an `=` in credentials stays in the URL and everything after the
 * separator, `=` included, is checked as the ref.
 */
function splitRef(source: string): { url: string; ref?: string } {
  const at = source.indexOf('=', pathStart(source));
  if (at < 0) return { url: source };
  return { url: source.slice(0, at), ref: source.slice(at + 1) };
}

function pathStart(source: string): number {
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(source);
  if (scheme) {
    const slash = source.indexOf('/', scheme[0].length);
    return slash < 0 ? source.length : slash;
  }
  const scp = SCP_LIKE.exec(source);
  return scp ? (scp[1]?.length ?? 0) + (scp[2]?.length ?? 0) + 2 : 0;
}

function looksLikeGitUrl(source: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(source) || SCP_LIKE.test(source);
}

function isPathLike(source: string): boolean {
  return (
    source.startsWith('/') ||
    source.startsWith('./') ||
    source.startsWith('../') ||
    source === '.' ||
    source === '..'
  );
}

function refuseUnsafeText(text: string, what: string): void {
  if (text.startsWith('-')) throw invalid(text, `starts with "-": git would read this ${what} as an option`);
  if (hasSpaceOrControl(text))
    throw invalid(text, `contains whitespace or control characters, which no ${what} may hold`);
}

function invalid(source: string, reason: string): ValidationError {
  return new ValidationError(`pack install: "${maskUrlCredentials(printable(source))}" ${reason}`, {
    code: 'E_PACK_SOURCE',
  });
}

/** A source for messages, logs and records: credentials in URLs masked. */
export function describeSource(source: InstallSource): string {
  if (source.kind === 'path') return source.path;
  const base = source.kind === 'git' ? maskUrlCredentials(source.url) : source.name;
  return source.ref === undefined ? base : `${base}=${source.ref}`;
}
