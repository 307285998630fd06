import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export interface HmacConfig {
  secret: string;
  /** Header carrying the signature, e.g. `X-Hub-Signature-256`. */
  header: string;
  algorithm: 'sha256' | 'sha1';
  /** Text before the hex digest in the header, e.g. `sha256=`. @default '' */
  prefix?: string;
  /**
   * The sender signs a timestamp with the body (Slack's scheme): requests outside the window, and
   * a signature already seen inside it, are refused.
   */
  timestamp?: HmacTimestampConfig;
}

export interface HmacTimestampConfig {
  /** Header with the time of the request in Unix seconds, e.g. `X-Slack-Request-Timestamp`. */
  header: string;
  /** @default 300 */
  max_age_seconds?: number;
  /** What is signed; `{timestamp}` and `{body}` are replaced. @default 'v0:{timestamp}:{body}' */
  signed?: string;
}

/** Signatures accepted within their window, so a captured request cannot be replayed in it. */
export class ReplayGuard {
  readonly #seen = new Map<string, number>();

  /** True the first time a signature is offered before `expiresAt` (epoch ms). */
  accept(signature: string, expiresAt: number, now: number): boolean {
    if (this.#seen.size > 1024)
      for (const [seen, until] of this.#seen) if (until <= now) this.#seen.delete(seen);
    const until = this.#seen.get(signature);
    if (until !== undefined && until > now) return false;
    this.#seen.set(signature, expiresAt);
    return true;
  }
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

/**
 * Checks an HMAC of the raw request body, as GitHub and Bitbucket sign their webhooks, or of a
 * signed timestamp and the body, as Slack does (then within a time window, and once).
 */
export function checkHmac(
  headers: IncomingHttpHeaders,
  raw: Buffer,
  hmac: HmacConfig,
  replays: ReplayGuard = new ReplayGuard(),
  now: number = Date.now(),
): AuthOutcome {
  const given = headerValue(headers, hmac.header);
  if (given === undefined || given === '')
    return { ok: false, status: 401, reason: `missing ${hmac.header} header` };
  const signed = signedContent(headers, raw, hmac, now);
  if (!signed.ok) return signed;
  const prefix = hmac.prefix ?? '';
  const expected = prefix + createHmac(hmac.algorithm, hmac.secret).update(signed.content).digest('hex');
  if (!safeEqual(given.trim().toLowerCase(), expected.toLowerCase())) {
    return { ok: false, status: 403, reason: `signature in ${hmac.header} does not match the body` };
  }
  if (signed.expiresAt !== undefined && !replays.accept(expected, signed.expiresAt, now)) {
    return { ok: false, status: 403, reason: `this signed request was already received (a replay)` };
  }
  return { ok: true };
}

type SignedContent = { ok: true; content: Buffer; expiresAt?: number } | Extract<AuthOutcome, { ok: false }>;

function signedContent(
  headers: IncomingHttpHeaders,
  raw: Buffer,
  hmac: HmacConfig,
  now: number,
): SignedContent {
  const stamp = hmac.timestamp;
  if (!stamp) return { ok: true, content: raw };
  const text = headerValue(headers, stamp.header);
  if (text === undefined || !/^\d{1,12}$/.test(text.trim())) {
    return { ok: false, status: 401, reason: `missing or malformed ${stamp.header} header (Unix seconds)` };
  }
  const seconds = Number(text.trim());
  const window = (stamp.max_age_seconds ?? 300) * 1000;
  if (Math.abs(now - seconds * 1000) > window) {
    return {
      ok: false,
      status: 401,
      reason: `${stamp.header} is outside the ${window / 1000}-second window (a stale or replayed request, or a clock off)`,
    };
  }
  const [before = '', after = ''] = (stamp.signed ?? 'v0:{timestamp}:{body}').split('{body}');
  const content = Buffer.concat([
    Buffer.from(before.replaceAll('{timestamp}', text.trim())),
    raw,
    Buffer.from(after.replaceAll('{timestamp}', text.trim())),
  ]);
  return { ok: true, content, expiresAt: seconds * 1000 + window };
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
