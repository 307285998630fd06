import { Status } from './common';
import type { TraceNode } from '../lib/types';

const LABEL: Record<TraceNode['type'], string> = {
  trigger_instance: 'trigger instance',
  rule_enforcement: 'rule',
  execution: 'execution',
};

function nameOf(node: TraceNode): string {
  return node.trigger ?? node.rule ?? node.action ?? node.id;
}

function linkOf(node: TraceNode): string {
  if (node.type === 'execution') return `/executions/${encodeURIComponent(node.id)}`;
  if (node.type === 'rule_enforcement') return `/rules/${encodeURIComponent(node.rule ?? '')}`;
  return `/trace/${encodeURIComponent(node.id)}`;
}

function childrenOf(node: TraceNode): TraceNode[] {
  return [
    ...(node.enforcements ?? []),
    ...(node.execution ? [node.execution] : []),
    ...(node.children ?? []),
    ...(node.trigger_instances ?? []),
  ];
}

/** What caused what, left to right: trigger instance → rule → execution → action trigger → … */
export function TraceGraph({ root, highlight }: { root: TraceNode; highlight?: string }) {
  return (
    <div class="trace" role="tree" aria-label="Trace">
      <TraceBranch node={root} highlight={highlight} />
    </div>
  );
}

function TraceBranch({ node, highlight }: { node: TraceNode; highlight: string | undefined }) {
  const children = childrenOf(node);
  const problem = node.error ?? node.failure_reason ?? null;
  return (
    <div class="trace-branch" role="treeitem" aria-expanded={children.length > 0 ? true : undefined}>
      <a
        class={`trace-node kind-${node.type}${node.id === highlight ? ' current' : ''}`}
        href={linkOf(node)}
        data-node-type={node.type}
      >
        <span class="trace-kind">{LABEL[node.type]}</span>
        <span class="trace-name">{nameOf(node)}</span>
        <Status value={node.status} />
        {problem ? <span class="trace-error">{problem}</span> : null}
      </a>
      {children.length > 0 ? (
        <div class="trace-children" role="group">
          {children.map((child) => (
            <TraceBranch key={child.id} node={child} highlight={highlight} />
          ))}
        </div>
      ) : null}
    </div>
  );
}
