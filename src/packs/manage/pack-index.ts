import { readFile } from 'node:fs/promises';
import path from 'node:path';

import { BackendError, NotFoundError, ValidationError, errorMessage } from '../../common/errors.js';
import { maskUrlCredentials } from '../../security/url-credentials.js';
import { isRecord } from '../../common/guards.js';

/** One entry of a StackStorm Exchange style index (`{packs: {<name>: {repo_url, version, ...}}}`). */
export interface PackIndexEntry {
  name: string;
  repo_url: string;
  version?: string;
  [field: string]: unknown;
}

export interface IndexLookup {
  /** `config.packs.index`: a JSON file (relative to the home) or an http(s) URL. */
  index: string | undefined;
  home: string;
  /** @default 30000 */
  timeoutMs?: number;
}

/** The index entry for `name`; NotFoundError when the index has no such pack. */
export async function resolveFromIndex(name: string, lookup: IndexLookup): Promise<PackIndexEntry> {
  if (lookup.index === undefined || lookup.index.trim() === '') {
    throw new ValidationError(
      `pack install: "${name}" is a pack name, but no pack index is configured; set packs.index in squall.yaml ` +
        '(a JSON file or URL in the StackStorm Exchange shape) or install from a git URL',
      { code: 'E_PACK_INDEX' },
    );
  }
  const where = maskUrlCredentials(lookup.index);
  const packs = readPacks(await readIndex(lookup), where);
  const entry = packs[name];
  if (!isRecord(entry)) {
    throw new NotFoundError(`pack install: the pack index ${where} has no pack "${name}"`, {
      code: 'E_PACK_NOT_IN_INDEX',
    });
  }
  const fields = entry as Record<string, unknown>;
  const repoUrl = fields['repo_url'];
  if (typeof repoUrl !== 'string' || repoUrl === '') {
    throw new ValidationError(`pack install: the pack index ${where} gives pack "${name}" no repo_url`, {
      code: 'E_PACK_INDEX',
    });
  }
  const version = fields['version'];
  return { ...fields, name, repo_url: repoUrl, ...(typeof version === 'string' ? { version } : {}) };
}

async function readIndex(lookup: IndexLookup): Promise<unknown> {
  const index = lookup.index ?? '';
  const where = maskUrlCredentials(index);
  let text: string;
  if (/^https?:\/\//i.test(index)) {
    const response = await fetch(index, { signal: AbortSignal.timeout(lookup.timeoutMs ?? 30_000) }).catch(
      (error: unknown) => {
        throw new BackendError(
          `pack install: cannot fetch the pack index ${where}: ${maskUrlCredentials(errorMessage(error))}`,
          {
            code: 'E_PACK_INDEX',
          },
        );
      },
    );
    if (!response.ok) {
      throw new BackendError(`pack install: the pack index ${where} answered ${response.status}`, {
        code: 'E_PACK_INDEX',
      });
    }
    text = await response.text();
  } else {
    const file = path.resolve(lookup.home, index);
    text = await readFile(file, 'utf8').catch((error: unknown) => {
      throw new ValidationError(
        `pack install: cannot read the pack index ${file}: ${errorMessage(error)}; fix packs.index in squall.yaml`,
        {
          code: 'E_PACK_INDEX',
        },
      );
    });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ValidationError(`pack install: the pack index ${where} is not JSON: ${errorMessage(error)}`, {
      code: 'E_PACK_INDEX',
    });
  }
}

function readPacks(index: unknown, where: string): Record<string, unknown> {
  const packs =
    typeof index === 'object' && index !== null ? (index as Record<string, unknown>)['packs'] : undefined;
  if (!isRecord(packs)) {
    throw new ValidationError(
      `pack install: the pack index ${where} has no "packs" mapping ({"packs": {"<name>": {"repo_url": ...}}})`,
      {
        code: 'E_PACK_INDEX',
      },
    );
  }
  return packs as Record<string, unknown>;
}
