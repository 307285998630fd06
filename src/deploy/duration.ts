import { ValidationError } from '../common/errors.js';

const UNIT_MS: Record<string, number> = {
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

const DURATION = /^(\d+)\s*([smhdw])$/;

/** `30s`, `15m`, `1h`, `2d`, `1w` (or a number of seconds) in milliseconds. */
export function parseDuration(value: unknown, where: string): number {
  if (typeof value === 'number' && Number.isInteger(value) && value > 0) return value * 1000;
  const match = typeof value === 'string' ? DURATION.exec(value.trim()) : null;
  const amount = Number(match?.[1]);
  const unit = UNIT_MS[match?.[2] ?? ''];
  if (!match || unit === undefined || amount <= 0) {
    throw new ValidationError(
      `${where}: ${JSON.stringify(value)} is not a duration; use a whole number and a unit, e.g. 30s, 15m, 1h, 2d or 1w`,
      { code: 'E_DEPLOY_CONFIG' },
    );
  }
  return amount * unit;
}

/** 90000 → `1m 30s`, for messages. */
export function formatDuration(ms: number): string {
  const parts: string[] = [];
  let rest = Math.max(0, Math.round(ms / 1000));
  for (const [unit, size] of [
    ['d', 86_400],
    ['h', 3600],
    ['m', 60],
    ['s', 1],
  ] as const) {
    const amount = Math.floor(rest / size);
    rest -= amount * size;
    if (amount > 0) parts.push(`${amount}${unit}`);
  }
  return parts.length === 0 ? '0s' : parts.join(' ');
}
