import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

import type { AliasDefinition } from '../../snapshot/model/alias-definition.js';
import { parseAliasDefinition } from '../../chatops/parse-alias-definition.js';
import { parseYamlDocument } from '../../parsing/yaml-document.js';
import { SquallError, ValidationError, errorMessage } from '../../common/errors.js';
import type { ContentIssue } from '../../snapshot/model/content-snapshot.js';
import { loadHomeContent } from '../load-home-content.js';
import { isRecord } from '../../common/guards.js';

export interface AliasesForMatch {
  aliases: AliasDefinition[];
  /** Alias files of the home that failed to load (not used for matching). */
  issues: ContentIssue[];
}

/** Every alias of the home's packs, loaded without opening the store or starting anything. */
export async function loadHomeAliases(home: string): Promise<AliasesForMatch> {
  const snapshot = await loadHomeContent(home);
  return {
    aliases: [...snapshot.aliases.values()],
    issues: snapshot.issues.filter((issue) => issue.kind === 'alias'),
  };
}

/**
 * One alias file. Its pack is the pack folder it sits in (`<pack>/aliases/x.yaml` beside a
 * pack.yaml), else its own `pack:` field, else `default`. Any problem is a ValidationError (exit 2).
 */
export async function loadAliasForMatch(file: string): Promise<AliasDefinition> {
  const text = await readFile(file, 'utf8').catch((error: unknown) => {
    throw new ValidationError(`alias ${file}: cannot read the file: ${errorMessage(error)}`, {
      code: 'E_ALIAS_FILE',
      cause: error,
    });
  });
  try {
    const document = parseYamlDocument(text, file);
    const declared = isRecord(document.data) ? document.data['pack'] : undefined;
    const pack = packOfAliasFile(file) ?? (typeof declared === 'string' ? declared : 'default');
    return parseAliasDefinition(document.data, { pack, file, lineOf: document.lineOf });
  } catch (error) {
    if (error instanceof ValidationError || !(error instanceof SquallError)) throw error;
    throw new ValidationError(error.message, { code: error.code, cause: error });
  }
}

function packOfAliasFile(file: string): string | undefined {
  const aliasesDir = path.dirname(path.resolve(file));
  if (path.basename(aliasesDir) !== 'aliases') return undefined;
  const packDir = path.dirname(aliasesDir);
  return existsSync(path.join(packDir, 'pack.yaml')) ? path.basename(packDir) : undefined;
}
