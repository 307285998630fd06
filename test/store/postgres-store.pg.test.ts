import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createStore } from '../../src/store/create-store.js';
import type { Store } from '../../src/store/store.js';
import { createPostgresStore } from '../../src/store/drivers/postgres.js';
import { loadMigrations } from '../../src/store/migrations.js';
import { testStoreBackend } from './conformance/backend.js';
import { testDeploymentStore } from './conformance/deployments.js';
import { testWorkflowStore } from './conformance/workflows.js';
import { testKeyValueStore } from './conformance/key-value.js';
import { testClusterStore } from './conformance/cluster.js';
import { testRecordStore } from './conformance/records.js';
import type { StoreTestTarget } from './conformance/store-target.js';
import { triggerInstance } from './conformance/fixtures.js';

const URL = process.env['SQUALL_TEST_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const RUN = `squall_test_${randomBytes(4).toString('hex')}`;
let counter = 0;

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: URL, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const unreachable = await admin(() => Promise.resolve(undefined)).then(
  () => undefined,
  (error: unknown) => String(error),
);

async function postgresTarget(): Promise<StoreTestTarget<Store>> {
  const schema = `${RUN}_${++counter}`;
  return {
    open: () => createStore({ driver: 'postgres', url: URL, schema }),
    cleanup: () =>
      admin((client) => client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)).then(() => undefined),
  };
}

if (unreachable && process.env['CI'] === 'true') {
  it('reaches PostgreSQL', () => {
    throw new Error(`PostgreSQL at ${URL} is required under CI=true but unreachable: ${unreachable}`);
  });
} else if (unreachable) {
  console.warn(`postgres store tests skipped: no PostgreSQL at ${URL} (${unreachable})`);
  it.skipIf(Boolean(unreachable))(`postgres store (no server at ${URL})`, () => undefined);
} else {
  afterAll(async () => {
    await admin(async (client) => {
      const { rows } = await client.query<{ nspname: string }>(
        'SELECT nspname FROM pg_namespace WHERE starts_with(nspname, $1)',
        [RUN],
      );
      for (const row of rows) await client.query(`DROP SCHEMA IF EXISTS ${row.nspname} CASCADE`);
    });
  });

  testStoreBackend('postgres', postgresTarget);
  testRecordStore('postgres', postgresTarget);
  testKeyValueStore('postgres', postgresTarget);
  testClusterStore('postgres', postgresTarget);
  testDeploymentStore('postgres', postgresTarget);
  testWorkflowStore('postgres', postgresTarget);

  describe('postgres store', () => {
    it('migrates once when two stores migrate the same schema at the same time', async () => {
      const schema = `${RUN}_race`;
      const [a, b] = await Promise.all([
        createStore({ driver: 'postgres', url: URL, schema }),
        createStore({ driver: 'postgres', url: URL, schema }),
      ]);
      await a.insertTriggerInstance(triggerInstance(1));
      expect(await b.getTriggerInstance(triggerInstance(1).id)).toStrictEqual(triggerInstance(1));
      await Promise.all([a.close(), b.close()]);
      const versions = await admin((client) =>
        client.query(`SELECT version FROM ${schema}.schema_migrations ORDER BY version`),
      );
      expect(versions.rows).toEqual(loadMigrations('postgres').map((m) => ({ version: m.version })));
    });

    it('rejects a schema name that is not a plain identifier', async () => {
      await expect(createPostgresStore({ url: URL, schema: 'x; DROP TABLE y' })).rejects.toMatchObject({
        code: 'E_STORE_SCHEMA',
      });
    });

    it('reports an unreachable server as a BackendError', async () => {
      const store = await createPostgresStore({
        url: 'postgres://postgres@127.0.0.1:1/test',
        schema: 'nope',
      });
      await expect(store.migrate()).rejects.toMatchObject({ code: 'E_STORE' });
      await store.close();
    });
  });
}
