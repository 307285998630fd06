import { readFile } from 'node:fs/promises';
import path from 'node:path';

import { ValidationError } from '../common/errors.js';
import type { ActionDefinition } from '../snapshot/model/action-definition.js';

/**
 * The text of a workflow action's definition file (`entry_point` under `<pack>/actions/`) and its
 * path, or a ValidationError (E_WORKFLOW_SPEC) saying which field to fix; `example` shows one.
 */
export async function readEntryPoint(
  action: ActionDefinition,
  what: string,
  example: string,
): Promise<{ file: string; text: string }> {
  const entry = action.spec.entry_point;
  if (!entry) {
    throw new ValidationError(
      `action ${action.ref}: an ${action.spec.runner_type} action needs entry_point, the ${what} file under actions/ (e.g. ${example})`,
      { code: 'E_WORKFLOW_SPEC' },
    );
  }
  const file = path.join(action.packDir, 'actions', entry);
  try {
    return { file, text: await readFile(file, 'utf8') };
  } catch (error) {
    throw new ValidationError(`action ${action.ref}: cannot read its ${what} ${file}; check entry_point`, {
      code: 'E_WORKFLOW_SPEC',
      cause: error,
    });
  }
}
