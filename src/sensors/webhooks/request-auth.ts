import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export interface HmacConfig {
  secret: string;
  /** Header carrying the signature, e.g. `X-Hub-Signature-256`. */
  header: string;
  algorithm: 'sha256' | 'sha1';
  /** Text before the hex digest in the header, e.g. `sha256=`. @default '' */
  prefix?: string;
}

export type AuthOutcome = { ok: true } | { ok: false; status: 401 | 403; reason: string };

/** Compares secrets in constant time whatever their lengths (both sides are hashed first). */
export function safeEqual(a: string, b: string): boolean {
  const left = createHash('sha256').update(a).digest();
  const right = createHash('sha256').update(b).digest();
  return timingSafeEqual(left, right) && a.length === b.length;
}

export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

export function checkToken(headers: IncomingHttpHeaders, header: string, token: string): AuthOutcome {
  const given = headerValue(headers, header);
  if (given === undefined || given === '')
    return { ok: false, status: 401, reason: `missing ${header} header` };
  return safeEqual(given, token)
    ? { ok: true }
    : { ok: false, status: 403, reason: `wrong token in ${header}` };
}

/** Checks an HMAC of the raw request body, as GitHub and Bitbucket sign their webhooks. */
export function checkHmac(headers: IncomingHttpHeaders, raw: Buffer, hmac: HmacConfig): AuthOutcome {
  const given = headerValue(headers, hmac.header);
  if (given === undefined || given === '')
    return { ok: false, status: 401, reason: `missing ${hmac.header} header` };
  const prefix = hmac.prefix ?? '';
  const expected = prefix + createHmac(hmac.algorithm, hmac.secret).update(raw).digest('hex');
  return safeEqual(given.trim().toLowerCase(), expected.toLowerCase())
    ? { ok: true }
    : { ok: false, status: 403, reason: `signature in ${hmac.header} does not match the body` };
}

/** The Squall API key as st2 clients send it; hooks without their own auth fall back to it. */
export function checkApiKey(headers: IncomingHttpHeaders, apiKey: string): AuthOutcome {
  const given = headerValue(headers, 'st2-api-key') ?? headerValue(headers, 'x-api-key');
  if (given === undefined || given === '') {
    return {
      ok: false,
      status: 401,
      reason: 'this hook has no token or hmac of its own: send the API key in St2-Api-Key',
    };
  }
  return safeEqual(given, apiKey) ? { ok: true } : { ok: false, status: 403, reason: 'wrong API key' };
}
