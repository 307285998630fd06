import { NotFoundError, errorMessage } from '../common/errors.js';
import { readUtf8, type ReadText } from '../parsing/read-text.js';
import { parseYamlDocument } from '../parsing/yaml-document.js';
import type { AliasDefinition } from '../snapshot/model/alias-definition.js';
import { parseAliasDefinition } from './parse-alias-definition.js';

export interface LoadAliasOptions {
  /** The pack the file belongs to (`<pack>/aliases/<file>.yaml`). */
  pack: string;
  readText?: ReadText;
}

/**
 * Reads one action alias file in StackStorm's format. Invalid YAML or metadata is a
 * ValidationError naming the file and line; a missing file a NotFoundError.
 */
export async function loadAliasFile(file: string, options: LoadAliasOptions): Promise<AliasDefinition> {
  let text: string;
  try {
    text = await (options.readText ?? readUtf8)(file);
  } catch (error) {
    throw new NotFoundError(`alias ${file}: cannot read the file: ${errorMessage(error)}`, {
      code: 'E_ALIAS_FILE',
      cause: error,
      location: { file },
    });
  }
  const document = parseYamlDocument(text, file);
  return parseAliasDefinition(document.data, { pack: options.pack, file, lineOf: document.lineOf });
}
