import { loadavg } from 'node:os';

/** The value at quantile `q` (0..1) of `values`, nearest rank. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export const median = (values: readonly number[]): number => quantile(values, 0.5);

/** `load 1.23` — the 1-minute load average, printed next to each figure (the machine is shared). */
export const load = (): string => `load ${loadavg()[0]!.toFixed(2)}`;

export const fmt = (value: number): string => Math.round(value).toLocaleString('en-US');

export const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

export const ms = (value: number): string => `${value < 10 ? value.toFixed(1) : value.toFixed(0)} ms`;
