/** `to_human_time_from_seconds` (st2common/expressions/functions/time.py): 3725 → "1h2m5s". */

/** Python's round(): halves go to the even neighbour. */
function roundHalfEven(value: number): number {
  const floor = Math.floor(value);
  const diff = value - floor;
  if (diff > 0.5) return floor + 1;
  if (diff < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

export function toHumanTimeFromSeconds(seconds: unknown): string {
  if (typeof seconds !== 'number' || Number.isNaN(seconds)) {
    throw new TypeError(
      `to_human_time_from_seconds needs a number of seconds, got ${JSON.stringify(seconds)}`,
    );
  }
  if (seconds === 0) return '0s';
  if (seconds < 1) return `${seconds}\u03BCs`;
  const total = Number.isInteger(seconds) ? seconds : roundHalfEven(seconds);
  const parts = [
    Math.floor(total / (365 * 86400)),
    Math.floor((total % (365 * 86400)) / 86400),
    Math.floor((total % 86400) / 3600),
    Math.floor((total % 3600) / 60),
    total % 60,
  ];
  const first = parts.findIndex((part) => part !== 0);
  if (first < 0) return '0s';
  const units = ['y', 'd', 'h', 'm', 's'];
  return parts
    .slice(first)
    .map((part, i) => `${part}${units[first + i] ?? ''}`)
    .join('');
}
