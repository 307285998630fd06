import { createApiServer, type ApiServer } from '../../../src/api/server.js';
import { createEngine, type Engine } from '../../../src/engine/create-engine.js';
import type { Execution } from '../../../src/domain/execution.js';
import type { TriggerInstance } from '../../../src/domain/trigger.js';
import { silentLogger } from '../../../src/common/logger.js';
import { makeTempHome, packYaml, type TempHome } from '../../support/temp-home.js';

/** A real engine on a temp home, with the `e2e` pack, optionally behind a real HTTP API. */
export interface SensorEngine {
  temp: TempHome;
  engine: Engine;
  /** Set when started with `api: true`. */
  api: ApiServer | undefined;
  /** The API's base URL (`http://127.0.0.1:<port>`); throws without `api: true`. */
  url(): string;
  stop(): Promise<void>;
}

export interface SensorEngineOptions {
  /** Files to write (relative to the home) before the engine starts: rules, squall.yaml, sensors. */
  files: Record<string, string>;
  api?: boolean;
  watch?: boolean;
}

export async function startSensorEngine(options: SensorEngineOptions): Promise<SensorEngine> {
  const temp = await makeTempHome();
  await temp.write('packs/e2e/pack.yaml', packYaml('e2e'));
  for (const [relative, text] of Object.entries(options.files)) await temp.write(relative, text);
  const engine = await createEngine({
    home: temp.home,
    bundledPacksDirs: [temp.bundled],
    logger: silentLogger(),
    watch: options.watch ?? false,
  });
  const api = options.api ? await createApiServer(engine, { port: 0, host: '127.0.0.1' }) : undefined;
  return {
    temp,
    engine,
    api,
    url() {
      if (!api) throw new Error('started without api: true');
      return api.url;
    },
    async stop() {
      await api?.close();
      await engine.stop();
      await temp.cleanup();
    },
  };
}

/** A rule file of the `e2e` pack (`packs/e2e/rules/<name>.yaml`) and its text. */
export function rule(spec: {
  name: string;
  trigger: string;
  parameters?: Record<string, unknown>;
  criteria?: Record<string, { type: string; pattern?: unknown }>;
  /** Default: core.noop. */
  action?: { ref: string; parameters?: Record<string, unknown> };
}): [string, string] {
  const body = {
    name: spec.name,
    pack: 'e2e',
    enabled: true,
    trigger: { type: spec.trigger, ...(spec.parameters ? { parameters: spec.parameters } : {}) },
    ...(spec.criteria ? { criteria: spec.criteria } : {}),
    action: spec.action ?? { ref: 'core.noop' },
  };
  // JSON is YAML: no quoting surprises in patterns and commands.
  return [`packs/e2e/rules/${spec.name}.yaml`, `${JSON.stringify(body, null, 2)}\n`];
}

/** Polls `probe` until it returns a value that is not undefined/false, or fails naming `what`. */
export async function until<T>(
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  what: string,
  timeoutMs = 8000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Finished executions of one rule of the `e2e` pack, oldest first. */
export async function finishedExecutions(engine: Engine, ruleName: string): Promise<Execution[]> {
  const all = await engine.store.listExecutions({ rule: `e2e.${ruleName}`, limit: 0 });
  return all.filter((execution) => execution.end_timestamp !== null).reverse();
}

/** Trigger instances of one trigger type, oldest first. */
export async function instancesOf(engine: Engine, trigger: string): Promise<TriggerInstance[]> {
  return (await engine.store.listTriggerInstances({ trigger, limit: 0 })).reverse();
}
