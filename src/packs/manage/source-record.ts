import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { maskUrlCredentials } from '../../security/url-credentials.js';

/**
 * Where an installed pack came from, kept beside it in `<home>/packs/<ref>/.squall-source.json`, so
 * it travels with the folder and disappears with it. The URL is stored with credentials masked.
 */
export interface PackSourceRecord {
  /** The git URL (credentials masked) or the local folder it was copied from. */
  url: string;
  /** The ref asked for (branch, tag or commit), when one was. */
  ref?: string;
  /** The commit installed, for git sources. */
  commit?: string;
  /** Where in the repository the pack was (`.` or `packs/<name>`). */
  path?: string;
  installed_at: string;
}

export const SOURCE_RECORD_FILE = '.squall-source.json';

/** The record of a pack found at `relative` in a source obtained now. */
export function newSourceRecord(
  source: { url: string; ref?: string | undefined; commit?: string | undefined },
  relative: string,
): PackSourceRecord {
  return {
    url: source.url,
    ...(source.ref === undefined ? {} : { ref: source.ref }),
    ...(source.commit === undefined ? {} : { commit: source.commit }),
    path: relative,
    installed_at: new Date().toISOString(),
  };
}

export async function writeSourceRecord(packDir: string, record: PackSourceRecord): Promise<void> {
  const safe: PackSourceRecord = { ...record, url: maskUrlCredentials(record.url) };
  await writeFile(path.join(packDir, SOURCE_RECORD_FILE), `${JSON.stringify(safe, null, 2)}\n`, {
    mode: 0o644,
  });
}

/** The record of an installed pack, or undefined for packs copied in by hand (or a record that does not parse). */
export async function readSourceRecord(packDir: string): Promise<PackSourceRecord | undefined> {
  const text = await readFile(path.join(packDir, SOURCE_RECORD_FILE), 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    const value = JSON.parse(text) as unknown;
    if (typeof value !== 'object' || value === null) return undefined;
    const fields = value as Record<string, unknown>;
    if (typeof fields['url'] !== 'string' || typeof fields['installed_at'] !== 'string') return undefined;
    const record: PackSourceRecord = {
      url: maskUrlCredentials(fields['url']),
      installed_at: fields['installed_at'],
    };
    for (const key of ['ref', 'commit', 'path'] as const) {
      const item = fields[key];
      if (typeof item === 'string') record[key] = item;
    }
    return record;
  } catch {
    return undefined;
  }
}
