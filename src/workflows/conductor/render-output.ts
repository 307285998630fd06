import { evaluateValue } from '../expressions/evaluate-value.js';
import type { CompiledWorkflow } from './compiled-workflow.js';
import { expressionScope, type ConductorEnvironment } from './task-rendering.js';
import { mergeContexts, type WorkflowState } from './workflow-state.js';
import { TaskFlow } from './task-flow.js';

/**
 * The workflow's context when it ended: the starting context of its terminal tasks (the first
 * one's whole context, then what the others add), as orquesta builds it.
 */
function terminalContext(state: WorkflowState): Record<string, unknown> {
  const terminal = state.sequence.filter((record) => record.term);
  const [first, ...others] = terminal;
  if (!first) return {};
  let context = mergeContexts(state, first.ctxs.in);
  for (const record of others) {
    const indexes = [...record.ctxs.in];
    const root = indexes.indexOf(0);
    if (root >= 0) indexes.splice(root, 1);
    context = { ...context, ...mergeContexts(state, indexes) };
  }
  return context;
}

/** Renders the output section; an error fails the workflow (unless it was canceled). */
export function renderOutput(
  workflow: CompiledWorkflow,
  state: WorkflowState,
  env: ConductorEnvironment,
): void {
  const outputs = workflow.spec.output;
  if (!outputs) return;
  const vars = terminalContext(state);
  const rendered: Record<string, unknown> = {};
  const flow = new TaskFlow(workflow.spec, workflow.graph, state, env);
  let failed = false;
  for (const { name, value } of outputs) {
    try {
      const result = evaluateValue(value, expressionScope(state, vars, env));
      vars[name] = result;
      rendered[name] = result;
    } catch (error) {
      flow.logError(error);
      failed = true;
    }
  }
  if (Object.keys(rendered).length > 0) state.output = rendered;
  if (failed && !['timeout', 'abandoned', 'canceled'].includes(state.status)) state.status = 'failed';
}
