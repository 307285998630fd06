import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BackendError, errorMessage } from '../common/errors.js';

export type MigrationDriver = 'sqlite' | 'postgres';

/** One numbered SQL file, e.g. `0001_schema.sql`. */
export interface Migration {
  version: number;
  name: string;
  file: string;
  sql: string;
}

/** What a driver provides so that the loader can apply its migrations. */
export interface MigrationTarget {
  /** Creates `schema_migrations` when missing and returns the versions already applied. */
  appliedVersions(): Promise<ReadonlySet<number>>;
  /** Runs the migration's SQL and records its version, both in one transaction. */
  apply(migration: Migration): Promise<void>;
}

const FILE_PATTERN = /^(\d{4})_([a-z0-9_]+)\.sql$/;

/** The folder beside this module: `npm run build` copies the .sql files next to the compiled code. */
export function migrationsDir(driver: MigrationDriver): string {
  return fileURLToPath(new URL(`./migrations/${driver}`, import.meta.url));
}

/** The driver's migrations, sorted by version. */
export function loadMigrations(driver: MigrationDriver, dir: string = migrationsDir(driver)): Migration[] {
  if (!existsSync(dir)) {
    throw new BackendError(
      `store: migrations folder ${dir} is missing; reinstall squall, or run "npm run build" in a source checkout`,
      { code: 'E_MIGRATIONS_MISSING' },
    );
  }
  const migrations: Migration[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (!name.endsWith('.sql')) continue;
    const match = FILE_PATTERN.exec(name);
    if (!match) {
      throw new BackendError(
        `store: migration ${join(dir, name)} is misnamed; use NNNN_lower_snake_name.sql (e.g. 0002_add_index.sql)`,
        { code: 'E_MIGRATION_NAME' },
      );
    }
    const version = Number(match[1]);
    const previous = migrations.at(-1);
    if (previous?.version === version) {
      throw new BackendError(`store: migrations ${previous.file} and ${name} share version ${version}`, {
        code: 'E_MIGRATION_NAME',
      });
    }
    const file = join(dir, name);
    migrations.push({ version, name: match[2] ?? name, file, sql: readFileSync(file, 'utf8') });
  }
  return migrations;
}

/** Applies each migration not yet recorded, in version order. Returns the versions applied now. */
export async function runMigrations(
  target: MigrationTarget,
  migrations: readonly Migration[],
): Promise<number[]> {
  const applied = await target.appliedVersions();
  const done: number[] = [];
  for (const migration of migrations) {
    if (applied.has(migration.version)) continue;
    try {
      await target.apply(migration);
    } catch (error) {
      throw new BackendError(`store: migration ${migration.file} failed: ${errorMessage(error)}`, {
        code: 'E_MIGRATION_FAILED',
        cause: error,
      });
    }
    done.push(migration.version);
  }
  return done;
}
