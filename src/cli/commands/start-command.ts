import { InvalidArgumentError, Option, type Command } from 'commander';

import { assertApiKeyForHost, createApiServer, type ApiServer } from '../../api/server.js';
import { loadConfig } from '../../config/load-config.js';
import { createEngine, type Engine } from '../../engine/create-engine.js';
import { SquallError } from '../../common/errors.js';
import { LOG_FORMATS, LOG_LEVELS } from '../../common/logger.js';
import { ALL_ROLES, parseRoles, type Role } from '../../engine/roles.js';
import { cliLogger } from '../cli-logger.js';
import {
  parseCount,
  resolveHome,
  withCommonOptions,
  type CommandContext,
  type CommonOptions,
} from '../command-context.js';
import { readServerRecord, removeServerRecord, writeServerRecord } from '../server-file.js';

interface StartOptions extends CommonOptions {
  port?: number;
  host?: string;
  role: Role[];
  concurrency?: number;
  logLevel?: string;
  logFormat?: string;
}

function parseRoleOption(value: string): Role[] {
  try {
    return parseRoles(value);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

function parseConcurrency(value: string): number {
  const count = parseCount(value);
  if (count < 1) throw new InvalidArgumentError('expected a whole number >= 1');
  return count;
}

/** `squall start`: the engine and its HTTP API, until SIGINT or SIGTERM. */
export function registerStartCommand(program: Command, context: CommandContext): void {
  withCommonOptions(program.command('start').description('run the engine and its HTTP API until stopped'))
    .option('--port <port>', 'API port (default: api.port in squall.yaml, 9101)', parseCount)
    .option('--host <host>', 'API address (default: api.host, 127.0.0.1; others need an API key)')
    .option(
      '--role <roles>',
      `what this process does in a cluster, comma-separated: ${ALL_ROLES.join(', ')}`,
      parseRoleOption,
      [...ALL_ROLES],
    )
    .option('--concurrency <count>', 'executions this process runs at once (runners role)', parseConcurrency)
    .addOption(
      new Option('--log-level <level>', 'log level (default: $SQUALL_LOG_LEVEL, else info)').choices(
        LOG_LEVELS,
      ),
    )
    .addOption(
      new Option(
        '--log-format <format>',
        'log lines: pretty (one readable line an event) or json (default: $SQUALL_LOG_FORMAT, else pretty on a terminal, json otherwise)',
      ).choices(LOG_FORMATS),
    )
    .action(async (options: StartOptions) => {
      // Caught from the very start: a SIGTERM that arrives while the engine starts, or just after the
      // URL is printed, stops it cleanly (exit 0) instead of meeting the default action (killed).
      const stopSignal = catchStopSignal();
      try {
        await runStart(options, context, stopSignal.received);
      } finally {
        stopSignal.release();
      }
    });
}

async function runStart(
  options: StartOptions,
  context: CommandContext,
  signalled: Promise<NodeJS.Signals>,
): Promise<void> {
  const home = resolveHome(options, context.io);
  const running = await readServerRecord(home);
  if (running) {
    throw new SquallError(
      'E_SERVER_RUNNING',
      `squall start: a server (pid ${running.pid}) already serves ${home} at ${running.url}; stop it first`,
    );
  }
  // Refuse an exposed API without a key before starting anything (timers would already fire).
  const config = await loadConfig(home, context.io.env);
  assertApiKeyForHost(options.host ?? config.api.host, config.api.api_key);
  const logger = cliLogger(context.io, {
    level: options.logLevel,
    format: options.logFormat,
    fallbackLevel: 'info',
  });
  const roles = options.role;
  const engine = await createEngine({
    ...{ home, logger, watch: true, roles },
    ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
  });
  if (!roles.includes('api')) {
    logger.info({ home, roles }, `squall running without an API: ${roles.join(', ')}`);
    context.io.stdout.write(
      options.json
        ? `${JSON.stringify({ pid: process.pid, home, roles })}\n`
        : `Squall is running ${roles.join(', ')} for ${home} (Ctrl-C stops it)\n`,
    );
    await stopOnSignal(engine, undefined, async () => undefined, signalled);
    logger.info('squall stopped');
    return;
  }
  const server = await createApiServer(engine, {
    ...(options.host === undefined ? {} : { host: options.host }),
    ...(options.port === undefined ? {} : { port: options.port }),
  }).catch(async (error: unknown) => {
    await engine.stop();
    throw error;
  });
  const url = clientUrl(server.url);
  await writeServerRecord(home, { pid: process.pid, url });
  logger.info({ url: server.url, home }, `squall API listening on ${server.url}`);
  context.io.stdout.write(
    options.json
      ? `${JSON.stringify({ url: server.url, pid: process.pid, home, roles })}\n`
      : `Squall is serving ${home} at ${server.url}/api/v1, console at ${server.url}/ (Ctrl-C stops it)\n`,
  );
  await stopOnSignal(engine, server, async () => removeServerRecord(home, process.pid), signalled);
  logger.info('squall stopped');
}

/** A server bound to every interface is reached through loopback by local CLI calls. */
function clientUrl(url: string): string {
  return url.replace('//0.0.0.0:', '//127.0.0.1:').replace('//[::]:', '//[::1]:');
}

/** The first SIGINT or SIGTERM; a second one meets the default action again (a forced stop). */
function catchStopSignal(): { received: Promise<NodeJS.Signals>; release(): void } {
  let release = (): void => undefined;
  const received = new Promise<NodeJS.Signals>((resolve) => {
    const caught = (signal: NodeJS.Signals): void => {
      release();
      resolve(signal);
    };
    release = () => {
      process.off('SIGINT', caught);
      process.off('SIGTERM', caught);
    };
    process.on('SIGINT', caught);
    process.on('SIGTERM', caught);
  });
  return { received, release };
}

async function stopOnSignal(
  engine: Engine,
  server: ApiServer | undefined,
  cleanup: () => Promise<void>,
  signalled: Promise<NodeJS.Signals>,
): Promise<void> {
  const signal = await signalled;
  engine.logger.info({ signal }, 'squall stopping');
  try {
    await server?.close();
    await engine.stop();
  } finally {
    await cleanup();
  }
}
