import { afterEach, describe, expect, it } from 'vitest';

import { createLogger, silentLogger } from '../../src/common/logger.js';
import { createEngine, type Engine } from '../../src/engine/create-engine.js';
import type { Role } from '../../src/engine/roles.js';
import { dropSchema, POSTGRES_URL, uniqueSchema } from '../support/postgres-target.js';
import { deleteRedisPrefix, REDIS_URL, uniqueRedisPrefix } from '../support/redis-target.js';
import { makeTempHome, packYaml, type TempHome } from '../support/temp-home.js';
import { withClusterServers } from './cluster-servers.js';

const RULE = `name: on_hook
pack: demo
enabled: true
trigger: { type: core.st2.webhook, parameters: { url: demo } }
action: { ref: core.local, parameters: { cmd: 'echo ran {{ trigger.body.word }}' } }
`;

await withClusterServers('engines sharing Redis and PostgreSQL', () => {
  describe('engines of different roles share one pipeline through BullMQ and PostgreSQL', () => {
    const cleanups: (() => Promise<void>)[] = [];
    afterEach(async () => {
      for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    });

    const cluster = () => {
      const prefix = uniqueRedisPrefix('roles');
      const schema = uniqueSchema('roles');
      cleanups.push(
        () => deleteRedisPrefix(prefix),
        () => dropSchema(schema),
      );
      return async (roles: Role[]): Promise<{ engine: Engine; temp: TempHome }> => {
        const temp = await makeTempHome(['core']);
        await temp.write('packs/demo/pack.yaml', packYaml('demo'));
        await temp.write('packs/demo/rules/on_hook.yaml', RULE);
        const engine = await createEngine({
          home: temp.home,
          bundledPacksDirs: [temp.bundled],
          logger: process.env['DEBUG_CLUSTER'] ? createLogger({ level: 'debug' }) : silentLogger(),
          sensors: false,
          roles,
          config: {
            store: { driver: 'postgres', url: POSTGRES_URL, schema },
            queue: { driver: 'bullmq', url: REDIS_URL, prefix },
          },
        });
        cleanups.push(
          () => temp.cleanup(),
          () => engine.stop(),
        );
        return { engine, temp };
      };
    };

    it('a trigger instance stored by an api node is matched and run by a rules+runners node', async () => {
      const start = cluster();
      const api = await start(['api']);
      const worker = await start(['rules', 'runners']);
      const instance = await api.engine.dispatch(
        'core.st2.webhook',
        { headers: {}, body: { word: 'far' } },
        { triggerParameters: { url: 'demo' } },
      );
      await expect
        .poll(
          async () => (await api.engine.store.listExecutions({ trigger_instance: instance.id }))[0]?.status,
          {
            timeout: 20_000,
            interval: 100,
          },
        )
        .toBe('succeeded');
      const [execution] = await worker.engine.store.listExecutions({ trigger_instance: instance.id });
      expect(execution?.result).toMatchObject({ stdout: 'ran far' });
      expect(await api.engine.store.listEnforcements({ trigger_instance: instance.id })).toHaveLength(1);
      expect((await api.engine.store.getTriggerInstance(instance.id))?.status).toBe('processed');
    });
  });
});
