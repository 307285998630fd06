import { createDatastoreView } from './datastore-view.js';
import { RUNTIME_KEY, type RenderRuntime } from './render-runtime.js';
import type { TemplateContext } from './template-types.js';

/**
 * The variables a template sees. `extra` variables sit at the top level; the named parts of the
 * context (trigger, st2kv/kv, config_context, action_context) take precedence over them when set.
 * Datastore keys are read only when a template looks one up.
 */
export function buildRenderContext(
  context: TemplateContext,
  runtime: RenderRuntime,
): Record<string, unknown> {
  const datastore = createDatastoreView(context.kv, context.user);
  const variables: Record<string, unknown> = { True: true, False: false, None: null, ...context.extra };
  if (context.trigger !== undefined) variables['trigger'] = context.trigger;
  if (context.config_context !== undefined) variables['config_context'] = context.config_context;
  if (context.action_context !== undefined) variables['action_context'] = context.action_context;
  variables['st2kv'] = datastore;
  variables['kv'] = datastore;
  Object.assign(variables, context.globals);
  variables[RUNTIME_KEY] = runtime;
  return variables;
}
