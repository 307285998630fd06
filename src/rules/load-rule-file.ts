import path from 'node:path';

import { readUtf8, type ReadText } from '../parsing/read-text.js';
import { parseYamlDocument } from '../parsing/yaml-document.js';
import { NotFoundError } from '../common/errors.js';
import { compileRuleSpec, type SquallCompiledRule } from './compile-rule-spec.js';
import { validateRuleSpec } from './validate-rule-spec.js';
import type { WarningSink } from '../parsing/metadata-fields.js';

export { compileRuleSpec };

export interface LoadRuleFileOptions {
  /** The pack the file belongs to: the rule's `pack` must equal it (and defaults to it). */
  pack?: string;
  /** Messages name the file relative to this folder (e.g. the packs folder). */
  relativeTo?: string;
  readText?: ReadText;
  /** Receives fields that load but are ignored. */
  onWarning?: WarningSink;
}

/** Reads, parses, validates and compiles one rule file. Errors are ValidationErrors with file:line. */
export async function loadRuleFile(
  file: string,
  options: LoadRuleFileOptions = {},
): Promise<SquallCompiledRule> {
  let text: string;
  try {
    text = await (options.readText ?? readUtf8)(file);
  } catch (error) {
    throw new NotFoundError(`rule file ${file} cannot be read: ${(error as Error).message}`, {
      code: 'E_RULE_FILE',
      cause: error,
      location: { file },
    });
  }
  const shown = options.relativeTo ? path.relative(options.relativeTo, file) : file;
  const doc = parseYamlDocument(text, shown);
  const spec = validateRuleSpec(doc.data, doc, {
    ...(options.pack === undefined ? {} : { pack: options.pack }),
    ...(options.onWarning ? { onWarning: options.onWarning } : {}),
  });
  return compileRuleSpec(spec, doc);
}
