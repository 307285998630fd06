import { Writable } from 'node:stream';

import { pino } from 'pino';

import { createEngine, type Engine } from '../../../src/engine/create-engine.js';
import type { InstallDeps, InstallProgress } from '../../../src/packs/manage/install-pack.js';
import { makeTempHome, type TempHome } from '../../support/temp-home.js';

/** An engine on a temp home (bundled core and packs), with its log lines captured. */
export interface PackEngine {
  temp: TempHome;
  engine: Engine;
  logs: string[];
  progress: InstallProgress[];
  deps(extra?: Partial<InstallDeps>): InstallDeps;
  /** Runs an action and resolves with the finished execution. */
  run(action: string, parameters?: Record<string, unknown>): Promise<{ status: string; result: unknown }>;
  close(): Promise<void>;
}

export interface PackEngineOptions {
  index?: string;
  /** Runs on the home before the engine starts (to leave folders a crash would). */
  prepare?: (temp: TempHome) => Promise<void>;
}

export async function startPackEngine(config: PackEngineOptions = {}): Promise<PackEngine> {
  const temp = await makeTempHome(['core', 'packs']);
  await config.prepare?.(temp);
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(chunk.toString());
      done();
    },
  });
  const logger = pino({ level: 'debug' }, sink);
  const engine = await createEngine({
    home: temp.home,
    bundledPacksDirs: [temp.bundled],
    sensors: false,
    logger,
    config: { packs: config.index === undefined ? {} : { index: config.index } },
  });
  const progress: InstallProgress[] = [];
  return {
    temp,
    engine,
    logs,
    progress,
    deps: (extra = {}) => ({
      home: engine.home,
      config: engine.config,
      logger,
      snapshot: () => engine.snapshot(),
      reload: () => engine.reload(),
      onProgress: (update) => progress.push(update),
      ...extra,
    }),
    async run(action, parameters = {}) {
      const requested = await engine.run({ action, parameters });
      const done = await engine.waitForExecution(requested.id, { timeoutMs: 20_000 });
      return { status: done.status, result: done.result };
    },
    async close() {
      await engine.stop();
      await temp.cleanup();
    },
  };
}
