import { WorkflowGraph } from '../orquesta/workflow-graph.js';
import type { WorkflowSpec } from '../orquesta/workflow-spec.js';

/** A workflow definition ready to conduct: its spec and composed graph (built once). */
export interface CompiledWorkflow {
  spec: WorkflowSpec;
  graph: WorkflowGraph;
}

export function compileWorkflow(spec: WorkflowSpec): CompiledWorkflow {
  return { spec, graph: new WorkflowGraph(spec) };
}
