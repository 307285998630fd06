import { randomBytes } from 'node:crypto';

import pg from 'pg';

export const POSTGRES_URL =
  process.env['SQUALL_TEST_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

async function withClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Why PostgreSQL cannot be used here, or undefined when it answers. */
export async function postgresUnreachable(): Promise<string | undefined> {
  return withClient(() => Promise.resolve(undefined)).then(
    () => undefined,
    (error: unknown) => String(error),
  );
}

/** A schema name no other test (or agent) uses. */
export function uniqueSchema(label: string): string {
  return `squall_test_${label}_${randomBytes(5).toString('hex')}`;
}

export async function dropSchema(schema: string): Promise<void> {
  await withClient((client) => client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`));
}
