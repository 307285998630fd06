import { pino, destination, type Logger, type LoggerOptions } from 'pino';

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

export interface CreateLoggerOptions {
  /** @default 'info' (or SQUALL_LOG_LEVEL) */
  level?: string;
  /** Where lines go; defaults to stderr so that CLI output on stdout stays parseable. */
  destination?: NodeJS.WritableStream;
}

export function createLogger(options: CreateLoggerOptions = {}): Logger {
  const config: LoggerOptions = {
    name: 'squall',
    level: options.level ?? process.env['SQUALL_LOG_LEVEL'] ?? 'info',
    redact: { paths: REDACTED_LOG_PATHS, censor: '********' },
  };
  return pino(config, options.destination ?? destination(2));
}

/** A logger that drops everything; for tests and embedding without logs. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
