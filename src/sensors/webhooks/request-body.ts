import type { IncomingHttpHeaders } from 'node:http';

import type { FastifyInstance } from 'fastify';

/** Headers st2 removes before a payload is stored: they carry credentials. */
const CREDENTIAL_HEADERS = ['authorization', 'x-auth-token', 'st2-api-key', 'cookie', 'proxy-authorization'];

/**
 * Makes every body in this (encapsulated) scope arrive as the raw Buffer, so that signatures can be
 * checked over the exact bytes; handlers parse it with `parseBody`. Oversized bodies get fastify's 413.
 */
export function keepRawBodies(scope: FastifyInstance, bodyLimit: number): void {
  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (_request, body, done) =>
    done(null, body),
  );
}

export type ParsedBody = { ok: true; value: unknown } | { ok: false; status: 400 | 415; reason: string };

/** JSON (any `json` content type, or none) and url-encoded forms, as st2's webhook endpoint accepts. */
export function parseBody(raw: unknown, contentType: string | undefined): ParsedBody {
  const buffer = Buffer.isBuffer(raw) ? raw : Buffer.alloc(0);
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/x-www-form-urlencoded') {
    return { ok: true, value: Object.fromEntries(new URLSearchParams(buffer.toString('utf8'))) };
  }
  if (type !== '' && !type.endsWith('/json') && !type.endsWith('+json')) {
    return { ok: false, status: 415, reason: `unsupported content type "${type}"; send application/json` };
  }
  const text = buffer.toString('utf8');
  if (text.trim() === '') return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, status: 400, reason: `body is not valid JSON: ${(error as Error).message}` };
  }
}

// Header names repeat from request to request: each is title-cased once (bounded, as names are
// attacker-chosen).
const titleCased = new Map<string, string>();
const TITLE_CACHE_LIMIT = 1000;

/** Python's `str.title()` of a lower-case header name: `x-github-event` → `X-Github-Event` (WSGI's form). */
export function titleCaseHeader(name: string): string {
  const cached = titleCased.get(name);
  if (cached !== undefined) return cached;
  const titled = name
    .toLowerCase()
    .replace(/(^|[^a-z])([a-z])/g, (_match, before: string, letter: string) => before + letter.toUpperCase());
  if (titleCased.size < TITLE_CACHE_LIMIT) titleCased.set(name, titled);
  return titled;
}

/** The lower-case header names `payloadHeaders` leaves out: credentials plus `except`. */
export function droppedHeaders(except: readonly string[] = []): ReadonlySet<string> {
  return new Set([...CREDENTIAL_HEADERS, ...except.map((name) => name.toLowerCase())]);
}

/** Headers as st2 gives them to rules (`X-Github-Event`), without credentials and without `except`. */
export function payloadHeaders(
  headers: IncomingHttpHeaders,
  except: readonly string[] | ReadonlySet<string> = [],
): Record<string, string> {
  const drop = except instanceof Set ? except : droppedHeaders(except as readonly string[]);
  const result: Record<string, string> = {};
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined || drop.has(name.toLowerCase())) continue;
    result[titleCaseHeader(name)] = Array.isArray(value) ? value.join(', ') : value;
  }
  return result;
}
