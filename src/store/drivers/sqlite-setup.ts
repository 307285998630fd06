import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Migration, MigrationTarget } from '../migrations.js';
import { storeError } from '../store-errors.js';

export interface OpenDatabaseOptions {
  path: string;
  synchronous?: 'full' | 'normal';
  busyTimeoutMs?: number;
}

export function openDatabase(options: OpenDatabaseOptions): Database.Database {
  if (options.path !== ':memory:' && options.path !== '') {
    mkdirSync(dirname(options.path), { recursive: true });
  }
  try {
    const db = new Database(options.path, { timeout: options.busyTimeoutMs ?? 5000 });
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${options.synchronous === 'normal' ? 'NORMAL' : 'FULL'}`);
    db.pragma('foreign_keys = ON');
    // History tables grow to millions of rows: a 64 MiB page cache keeps their index pages in memory
    // (SQLite's default is 2 MiB), which keeps insert and update cost flat as they grow.
    db.pragma('cache_size = -65536');
    db.pragma('temp_store = MEMORY');
    return db;
  } catch (error) {
    throw storeError('sqlite', `opening ${options.path} (check the path is writable)`, error, false);
  }
}

export function migrationTarget(db: Database.Database): MigrationTarget {
  return {
    async appliedVersions() {
      db.exec(
        'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
      );
      const rows = db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[];
      return new Set(rows.map((row) => row.version));
    },
    async apply(migration: Migration) {
      db.transaction(() => {
        // Another process may have applied it since appliedVersions(): the IMMEDIATE lock settles it.
        if (db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?').get(migration.version)) return;
        db.exec(migration.sql);
        db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
          migration.version,
          migration.name,
          new Date().toISOString(),
        );
      }).immediate();
    },
  };
}
