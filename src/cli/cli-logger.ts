import { chooseLogFormat, createLogger, type Logger } from '../common/logger.js';
import type { CliIo } from './cli-io.js';

export interface CliLogOptions {
  /** `--log-level`; else SQUALL_LOG_LEVEL; else `fallbackLevel`. */
  level?: string | undefined;
  /** `--log-format`; else SQUALL_LOG_FORMAT; else pretty on a terminal, JSON lines otherwise. */
  format?: string | undefined;
  fallbackLevel: string;
}

/** The logger of a CLI run, on stderr: readable (and coloured) on a terminal, JSON lines elsewhere. */
export function cliLogger(io: CliIo, options: CliLogOptions): Logger {
  const terminal = io.stderr.isTTY === true;
  const format = chooseLogFormat(options.format ?? io.env['SQUALL_LOG_FORMAT'], terminal);
  const noColor = (io.env['NO_COLOR'] ?? '') !== '' || io.env['TERM'] === 'dumb';
  return createLogger({
    level: options.level ?? io.env['SQUALL_LOG_LEVEL'] ?? options.fallbackLevel,
    format,
    colorize: terminal && !noColor,
  });
}
