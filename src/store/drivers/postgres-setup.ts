import type * as PgTypes from 'pg';
import type { Pool, PoolClient, PoolConfig } from 'pg';
import { BackendError, ValidationError, errorMessage } from '../../common/errors.js';
import { loadMigrations, runMigrations, type MigrationTarget } from '../migrations.js';

type PgModule = typeof PgTypes;

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
const JSON_OID = 114;
const INT8_OID = 20;

/** `pg` is loaded only when the postgres driver is used. */
export async function loadPg(): Promise<PgModule> {
  try {
    const module = (await import('pg')) as PgModule & { default?: PgModule };
    return module.default ?? module;
  } catch (error) {
    throw new BackendError(
      `store (postgres): the "pg" package is not installed; run \`npm install pg\` (${errorMessage(error)})`,
      { code: 'E_STORE_DRIVER_MISSING', cause: error },
    );
  }
}

export function checkSchemaName(schema: string): string {
  if (!SCHEMA_NAME.test(schema)) {
    throw new ValidationError(
      `store (postgres): schema "${schema}" must be a lower-case SQL identifier ([a-z_][a-z0-9_]*, up to 63 characters)`,
      { code: 'E_STORE_SCHEMA' },
    );
  }
  return schema;
}

/**
 * A pool whose connections use the store's schema, return json columns as text (the record
 * mapping parses them, as for SQLite) and bigint as number (only epoch milliseconds are bigint).
 */
export function createPool(pg: PgModule, url: string, schema: string, max: number): Pool {
  const types = new pg.TypeOverrides();
  types.setTypeParser(JSON_OID, (value: string) => value);
  types.setTypeParser(INT8_OID, (value: string) => Number(value));
  const config: PoolConfig = { connectionString: url, max, types, options: `-c search_path=${schema}` };
  const pool = new pg.Pool(config);
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  return pool;
}

function migrationTarget(client: PoolClient): MigrationTarget {
  return {
    async appliedVersions() {
      await client.query(
        'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
      );
      const result = await client.query<{ version: number }>('SELECT version FROM schema_migrations');
      return new Set(result.rows.map((row) => row.version));
    },
    async apply(migration) {
      await client.query('BEGIN');
      try {
        await client.query(migration.sql);
        await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
          migration.version,
          migration.name,
          new Date().toISOString(),
        ]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    },
  };
}

/** Creates the schema and applies pending migrations, one process at a time (advisory lock). */
export async function migratePostgres(pool: Pool, schema: string): Promise<void> {
  const client = await pool.connect();
  const lockKey = `squall_migrations:${schema}`;
  try {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [lockKey]);
    try {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      await runMigrations(migrationTarget(client), loadMigrations('postgres'));
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtext($1))', [lockKey]);
    }
  } finally {
    client.release();
  }
}
