import { createLogger, silentLogger } from '../../src/common/logger.js';
import type { SquallConfig } from '../../src/config/squall-config.js';
import { createEngine, type Engine } from '../../src/engine/create-engine.js';
import type { Role } from '../../src/engine/roles.js';
import { dropSchema, POSTGRES_URL, uniqueSchema } from '../support/postgres-target.js';
import { deleteRedisPrefix, REDIS_URL, uniqueRedisPrefix } from '../support/redis-target.js';
import { makeTempHome, packYaml, type TempHome } from '../support/temp-home.js';

export interface ClusterNodeUnderTest {
  engine: Engine;
  temp: TempHome;
}

export interface EngineNodeOptions {
  /** Start timers, file watches and pack sensors. @default false */
  sensors?: boolean;
  cluster?: SquallConfig['cluster'];
}

/**
 * Engines in this process sharing one fresh PostgreSQL schema and Redis prefix, each on its own
 * home holding the pack `demo` with `rules` (file name → YAML). `cleanup` stops and removes all.
 */
export function engineCluster(label: string, rules: Record<string, string>) {
  const prefix = uniqueRedisPrefix(label);
  const schema = uniqueSchema(label);
  const cleanups: (() => Promise<void>)[] = [() => deleteRedisPrefix(prefix), () => dropSchema(schema)];
  return {
    prefix,
    schema,
    async start(roles: Role[], options: EngineNodeOptions = {}): Promise<ClusterNodeUnderTest> {
      const temp = await makeTempHome(['core']);
      cleanups.push(() => temp.cleanup());
      await temp.write('packs/demo/pack.yaml', packYaml('demo'));
      for (const [file, yaml] of Object.entries(rules)) await temp.write(`packs/demo/rules/${file}`, yaml);
      const engine = await createEngine({
        home: temp.home,
        bundledPacksDirs: [temp.bundled],
        logger: process.env['DEBUG_CLUSTER'] ? createLogger({ level: 'debug' }) : silentLogger(),
        sensors: options.sensors ?? false,
        chatAdapters: false,
        roles,
        config: {
          store: { driver: 'postgres', url: POSTGRES_URL, schema },
          queue: { driver: 'bullmq', url: REDIS_URL, prefix },
          ...(options.cluster ? { cluster: options.cluster } : {}),
        },
      });
      cleanups.push(() => engine.stop());
      return { engine, temp };
    },
    async cleanup(): Promise<void> {
      for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    },
  };
}
