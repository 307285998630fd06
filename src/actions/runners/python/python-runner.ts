import { DEFAULT_CONFIG, type PythonConfig } from '../../../config/squall-config.js';
import { errorMessage } from '../../../common/errors.js';
import {
  pythonProcessEnvironment,
  resolvePackPython,
  type PackPython,
} from '../../../packs/venv/pack-python.js';
import type { ParameterSpecs } from '../../../snapshot/model/action-definition.js';
import type { Runner, RunnerContext, RunnerResult } from '../../runner.js';
import { stringValues, timeoutSeconds } from '../process-environment.js';
import { resolveEntryPoint } from '../resolve-entry-point.js';
import { DEFAULT_KILL_GRACE_MS, DEFAULT_MAX_OUTPUT_BYTES } from '../spawn-process.js';
import { pythonRunnerResult, pythonStartFailure } from './python-result.js';
import type { WorkerJob, WorkerLaunch } from './python-worker.js';
import { serveDatastoreRequest, type RunnerDatastore } from './runner-datastore.js';
import { WorkerPool } from './worker-pool.js';

export interface PythonRunnerOptions {
  /** The install's folder: virtualenvs in `<home>/virtualenvs`. */
  home?: string;
  /** squall.yaml's `python:` section. */
  config?: Partial<PythonConfig>;
  /** Backs the actions' action_service datastore calls. */
  datastore?: RunnerDatastore;
  /** Bytes kept of stdout and of stderr each. @default 1 MiB */
  maxOutputBytes?: number;
  /** Between SIGTERM and SIGKILL. @default 2000 */
  killGraceMs?: number;
}

export interface PythonRunner extends Runner {
  readonly pool: WorkerPool;
  close(): Promise<void>;
}

const DEFAULT_TIMEOUT_SECONDS = 600;
const RUNNER_PARAMETERS = new Set(['debug', 'content_version', 'env', 'timeout', 'log_level']);
/** StackStorm ignores these in `env`: they would break the interpreter or the pack's path. */
const IGNORED_ENV = new Set(['pythonpath', 'pythonhome']);

/** st2's python-script runner parameters (contrib/runners/python_runner/runner.yaml). */
const PARAMETERS: ParameterSpecs = {
  debug: { type: 'boolean', default: false, description: 'Enable runner debug mode.' },
  content_version: {
    type: 'string',
    description: 'Git revision of the pack content to use (not supported by Squall).',
  },
  env: { type: 'object', description: 'Environment variables which will be available to the script.' },
  timeout: {
    type: 'integer',
    default: DEFAULT_TIMEOUT_SECONDS,
    description: "Action timeout in seconds. Action will get killed if it doesn't finish in timeout seconds.",
  },
  log_level: {
    type: 'string',
    default: 'DEBUG',
    enum: ['AUDIT', 'CRITICAL', 'ERROR', 'WARNING', 'INFO', 'DEBUG'],
    description: 'Default log level for Python runner actions.',
  },
};

/**
 * StackStorm's `python-script` runner: the entry point's Action class runs in a warm Python worker
 * of its pack (the pack's virtualenv, or the configured interpreter for a pack that needs no
 * packages), with StackStorm's result and status semantics.
 */
export function createPythonRunner(options: PythonRunnerOptions = {}): PythonRunner {
  const config: PythonConfig = { ...DEFAULT_CONFIG.python, ...options.config };
  const pool = new WorkerPool({
    poolSize: (pack) => config.packs[pack]?.pool_size ?? config.pool_size,
    warm: config.warm,
    idleTimeoutMs: config.idle_timeout * 1000,
  });
  return {
    name: 'python-script',
    description: 'Runs a StackStorm Python action (an Action class) in a warm worker of its pack.',
    parameters: PARAMETERS,
    shellParameters: [],
    pool,
    close: () => pool.close(),
    run: (context) => runPythonAction(context, options, config, pool),
  };
}

async function runPythonAction(
  context: RunnerContext,
  options: PythonRunnerOptions,
  config: PythonConfig,
  pool: WorkerPool,
): Promise<RunnerResult> {
  const { action, parameters } = context;
  const pack = action.spec.pack;
  if (typeof parameters['content_version'] === 'string' && parameters['content_version'] !== '') {
    return pythonStartFailure('content_version is not supported by Squall: packs run as installed');
  }
  const entry = await resolveEntryPoint(context.packDir, action.spec.entry_point, action.ref);
  if ('error' in entry) return pythonStartFailure(entry.error);
  let python: PackPython;
  try {
    python = await resolvePackPython({
      ...(options.home ? { home: options.home } : {}),
      pack,
      packDir: context.packDir,
      interpreter: config.interpreter,
    });
  } catch (error) {
    return pythonStartFailure(errorMessage(error));
  }
  const launch: WorkerLaunch = {
    executable: python.executable,
    env: () => pythonProcessEnvironment(python),
    packDir: context.packDir,
    identity: python.identity,
    maxOutputBytes: options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES,
    killGraceMs: options.killGraceMs ?? DEFAULT_KILL_GRACE_MS,
  };
  let acquired;
  try {
    acquired = await pool.acquire(pack, launch);
  } catch (error) {
    return pythonStartFailure(`could not start Python (${python.executable}): ${errorMessage(error)}`);
  }
  const timeout = timeoutSeconds(parameters['timeout'], DEFAULT_TIMEOUT_SECONDS);
  const outcome = await acquired.worker.run(job(context, entry.path), {
    timeoutMs: timeout * 1000,
    signal: context.signal,
    onRequest: (op, args) => serveDatastoreRequest(options.datastore, op, args),
    ...(context.onOutput ? { onOutput: context.onOutput } : {}),
  });
  pool.release(pack, launch, acquired.worker, !outcome.timedOut && !outcome.canceled && !outcome.died);
  return pythonRunnerResult(outcome, timeout);
}

function job(context: RunnerContext, file: string): WorkerJob {
  const { parameters, action } = context;
  const debug = parameters['debug'] === true;
  const env = Object.fromEntries(
    Object.entries(stringValues(parameters['env'])).filter(([key]) => !IGNORED_ENV.has(key.toLowerCase())),
  );
  env['ST2_ACTION_PACK_NAME'] = action.spec.pack;
  env['ST2_ACTION_EXECUTION_ID'] = context.executionId;
  env['ST2_ACTION_NAME'] = action.ref;
  if (debug) env['ST2_ACTION_DEBUG'] = 'True';
  return {
    file,
    pack: action.spec.pack,
    parameters: Object.fromEntries(
      Object.entries(parameters).filter(([name]) => !RUNNER_PARAMETERS.has(name)),
    ),
    config: context.packConfig,
    logLevel: debug
      ? 'DEBUG'
      : typeof parameters['log_level'] === 'string'
        ? parameters['log_level']
        : 'DEBUG',
    env,
  };
}
