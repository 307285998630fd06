import { Writable } from 'node:stream';

import { pino } from 'pino';

import { createEngine, type Engine } from '../../../src/engine/create-engine.js';
import type { Execution } from '../../../src/domain/execution.js';
import type { EngineOptions } from '../../../src/engine/engine-options.js';
import { makeTempHome, type TempHome } from '../../support/temp-home.js';

/** A Squall home with the bundled core and packs packs, whose engine can be stopped and started again. */
export interface DeployHome {
  temp: TempHome;
  /** Every log line of every engine started on this home. */
  logs: string[];
  engine(): Engine;
  start(options?: Partial<EngineOptions>): Promise<Engine>;
  stop(): Promise<void>;
  /** Runs an action as `user` and resolves with the finished execution. */
  run(action: string, parameters?: Record<string, unknown>, user?: string): Promise<Execution>;
  /** Writes `configs/packs.yaml`. */
  writeRepositories(yaml: string): Promise<void>;
  cleanup(): Promise<void>;
}

export async function makeDeployHome(bundled: readonly string[] = ['core', 'packs']): Promise<DeployHome> {
  const temp = await makeTempHome(bundled);
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(chunk.toString());
      done();
    },
  });
  let current: Engine | undefined;
  const home: DeployHome = {
    temp,
    logs,
    engine() {
      if (!current) throw new Error('the engine is not started');
      return current;
    },
    async start(options = {}) {
      current = await createEngine({
        home: temp.home,
        bundledPacksDirs: [temp.bundled],
        sensors: false,
        logger: pino({ level: 'debug' }, sink),
        ...options,
      });
      return current;
    },
    async stop() {
      await current?.stop();
      current = undefined;
    },
    async run(action, parameters = {}, user = 'alice') {
      const engine = home.engine();
      const requested = await engine.run({ action, parameters, context: { user, source: 'test' } });
      return engine.waitForExecution(requested.id, { timeoutMs: 30_000 });
    },
    async writeRepositories(yaml) {
      await temp.write('configs/packs.yaml', yaml);
      await current?.reload();
    },
    async cleanup() {
      await home.stop();
      await temp.cleanup();
    },
  };
  return home;
}
