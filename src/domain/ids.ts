import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/**
 * Time-ordered ids (48-bit millisecond time + 80 random bits, Crockford base32, lower case), so that
 * ids sort by creation and list queries can page by id.
 */
export function newId(now: number = Date.now()): string {
  let time = '';
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32] + time;
    t = Math.floor(t / 32);
  }
  if (poolOffset + 16 > pool.length) {
    pool = randomBytes(POOL_SIZE);
    poolOffset = 0;
  }
  let tail = '';
  for (let i = 0; i < 16; i++) tail += ALPHABET[pool[poolOffset + i]! % 32];
  poolOffset += 16;
  return time + tail;
}

/** The smallest id of a time: every id made at `time` or later sorts at or after it. */
export function idFloor(time: number): string {
  return newId(Math.max(0, Math.floor(time))).slice(0, 10) + '0'.repeat(16);
}

// Random bytes are drawn in bulk: one call per 256 ids instead of one each, on the hot path.
const POOL_SIZE = 4096;
let pool = Buffer.alloc(0);
let poolOffset = 0;
