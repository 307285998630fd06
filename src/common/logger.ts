import { pino, destination, type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { createRequire } from 'node:module';

import type PinoPretty from 'pino-pretty';

import { ValidationError } from './errors.js';

export type { Logger };

/** Paths pino redacts in every log line, whatever the call site logs. */
export const REDACTED_LOG_PATHS = [
  'password',
  'token',
  'secret',
  'apiKey',
  '*.password',
  '*.token',
  '*.secret',
  '*.apiKey',
  'headers.authorization',
  '*.headers.authorization',
];

/** `json`: one JSON object a line, for collectors; `pretty`: one readable line an event, for people. */
export type LogFormat = 'json' | 'pretty';

export const LOG_FORMATS: readonly LogFormat[] = ['json', 'pretty'];
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;

export interface CreateLoggerOptions {
  /** @default 'info' (or SQUALL_LOG_LEVEL) */
  level?: string;
  /** Where lines go; defaults to stderr so that CLI output on stdout stays parseable. */
  destination?: NodeJS.WritableStream;
  /** @default 'json' */
  format?: LogFormat;
  /** Pretty lines only: ANSI colours. @default false */
  colorize?: boolean;
}

export function createLogger(options: CreateLoggerOptions = {}): Logger {
  const config: LoggerOptions = {
    name: 'squall',
    level: checkLogLevel(options.level ?? process.env['SQUALL_LOG_LEVEL'] ?? 'info'),
    redact: { paths: REDACTED_LOG_PATHS, censor: '********' },
  };
  return pino(config, logStream(options));
}

/** A logger that drops everything; for tests and embedding without logs. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

/**
 * The format asked for (`--log-format` or SQUALL_LOG_FORMAT), else pretty on a terminal and JSON
 * lines anywhere else (a pipe, a file, journald).
 */
export function chooseLogFormat(asked: string | undefined, isTerminal: boolean): LogFormat {
  if (asked === undefined || asked === '') return isTerminal ? 'pretty' : 'json';
  if ((LOG_FORMATS as readonly string[]).includes(asked)) return asked as LogFormat;
  throw new ValidationError(`log format must be ${LOG_FORMATS.join(' or ')}, not "${asked}"`, {
    code: 'E_LOG_FORMAT',
  });
}

export function checkLogLevel(level: string): string {
  if ((LOG_LEVELS as readonly string[]).includes(level)) return level;
  throw new ValidationError(`log level must be one of ${LOG_LEVELS.join(', ')}, not "${level}"`, {
    code: 'E_LOG_LEVEL',
  });
}

function logStream(options: CreateLoggerOptions): DestinationStream | NodeJS.WritableStream {
  if (options.format !== 'pretty') return options.destination ?? destination(2);
  // Loaded only when a terminal asks for it: a JSON-logging server never pays for its modules.
  const pretty = createRequire(import.meta.url)('pino-pretty') as typeof PinoPretty;
  return pretty({
    destination: options.destination ?? 2,
    sync: true,
    colorize: options.colorize ?? false,
    singleLine: true,
    translateTime: 'SYS:yyyy-mm-dd HH:MM:ss.l',
    ignore: 'pid,hostname,name',
  });
}
