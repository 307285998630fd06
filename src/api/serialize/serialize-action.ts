import type { ActionDefinition, ParameterSpecs } from '../../snapshot/model/action-definition.js';
import { MASK } from '../../security/mask-constant.js';
import { contentFields, type ContentFields } from './content-fields.js';

/** st2's ActionAPI shape. `parameters` are the runner's merged with the action's. */
export interface ActionView extends ContentFields {
  runner_type: string;
  entry_point: string;
  parameters: ParameterSpecs;
  output_schema?: unknown;
  notify?: unknown;
  tags: unknown[];
  metadata_file: string | null;
  /** Why this action cannot run in Squall (its runner is not supported). */
  unsupported?: string;
}

export function serializeAction(action: ActionDefinition): ActionView {
  const { spec } = action;
  return {
    ...contentFields('action', action.ref, spec),
    runner_type: spec.runner_type,
    entry_point: spec.entry_point ?? '',
    parameters: maskSecretDefaults(action.parameters),
    ...(spec.output_schema ? { output_schema: spec.output_schema } : {}),
    ...(spec.notify ? { notify: spec.notify } : {}),
    tags: spec.tags ?? [],
    metadata_file: action.source?.file ?? null,
    ...(action.unsupported ? { unsupported: action.unsupported } : {}),
  };
}

/** A secret parameter's default is a secret too. */
function maskSecretDefaults(parameters: ParameterSpecs): ParameterSpecs {
  return Object.fromEntries(
    Object.entries(parameters).map(([name, spec]) => [
      name,
      spec.secret === true && spec.default !== undefined ? { ...spec, default: MASK } : spec,
    ]),
  );
}
