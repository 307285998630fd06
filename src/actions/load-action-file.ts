import { readUtf8, type ReadText } from '../parsing/read-text.js';
import { parseYamlDocument } from '../parsing/yaml-document.js';
import type { ActionDefinition } from '../snapshot/model/action-definition.js';
import { errorMessage, ValidationError } from '../common/errors.js';
import { buildActionDefinition } from './build-action-definition.js';
import { createRunnerRegistry } from './create-runner-registry.js';
import type { RunnerRegistry } from './runner.js';
import { validateActionSpec } from './validate-action-spec.js';

export interface LoadActionFileOptions {
  /** The pack the file belongs to (its folder's pack name). */
  pack: string;
  packDir: string;
  /** Decides which runner types run and which are listed as unsupported. @default createRunnerRegistry() */
  runners?: RunnerRegistry;
  readText?: ReadText;
}

/**
 * Reads one st2 action metadata file (`actions/*.yaml`, workflows' `*.meta.yaml` included).
 * Throws ValidationError naming file:line and the fix.
 */
export async function loadActionFile(
  file: string,
  options: LoadActionFileOptions,
): Promise<ActionDefinition> {
  let text: string;
  try {
    text = await (options.readText ?? readUtf8)(file);
  } catch (error) {
    throw new ValidationError(`action ${file}: cannot read the file: ${errorMessage(error)}`, {
      code: 'E_ACTION_UNREADABLE',
      cause: error,
      location: { file },
    });
  }
  const doc = parseYamlDocument(text, file);
  const spec = validateActionSpec(doc, { pack: options.pack });
  const runners = options.runners ?? createRunnerRegistry();
  const action = buildActionDefinition(spec, {
    packDir: options.packDir,
    runners,
    source: { file, line: doc.lineOf(['runner_type']) ?? 1 },
  });
  if (!action.unsupported) await runners.get(spec.runner_type)?.checkAction?.(action);
  return action;
}
