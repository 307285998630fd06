import type { CliIo } from '../cli-io.js';

/** ANSI styling that turns itself off when output is not a terminal (or NO_COLOR is set). */
export interface Style {
  readonly enabled: boolean;
  bold(text: string): string;
  dim(text: string): string;
  green(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
}

const wrap =
  (enabled: boolean, open: number, close: number) =>
  (text: string): string =>
    enabled && text !== '' ? `\u001b[${open}m${text}\u001b[${close}m` : text;

export function createStyle(enabled: boolean): Style {
  return {
    enabled,
    bold: wrap(enabled, 1, 22),
    dim: wrap(enabled, 2, 22),
    green: wrap(enabled, 32, 39),
    red: wrap(enabled, 31, 39),
    yellow: wrap(enabled, 33, 39),
  };
}

export function styleFor(io: CliIo): Style {
  const noColor = io.env['NO_COLOR'] !== undefined && io.env['NO_COLOR'] !== '';
  return createStyle(io.stdout.isTTY === true && !noColor && io.env['TERM'] !== 'dumb');
}

/** Colours an execution or match status: green when it went well, red when not, yellow in between. */
export function styleStatus(style: Style, status: string): string {
  if (['succeeded', 'processed', 'ok', 'match', 'enabled'].includes(status)) return style.green(status);
  if (
    ['failed', 'timeout', 'abandoned', 'processing_failed', 'invalid', 'no match', 'error'].includes(status)
  ) {
    return style.red(status);
  }
  return style.yellow(status);
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

/** Printed width of text that may hold ANSI styling. */
export function visibleLength(text: string): number {
  return [...text.replace(ANSI, '')].length;
}
