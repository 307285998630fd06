import type {
  EnforcementNode,
  ExecutionNode,
  TraceView,
  TriggerInstanceNode,
} from '../../history/trace-types.js';
import { styleStatus, type Style } from './style.js';

/** One line of the tree and the lines below it. */
interface Branch {
  line: string;
  children: Branch[];
}

/** The trace as a tree on the terminal: each record on its line, what it caused indented below. */
export function formatTrace(trace: TraceView, style: Style): string {
  const root =
    trace.root.type === 'trigger_instance'
      ? instanceBranch(trace.root, style)
      : executionBranch(trace.root, style);
  const lines = [style.bold(`trace ${trace.trace_tag}`), root.line, ...childLines(root.children, '')];
  if (trace.truncated)
    lines.push(style.yellow('(trace truncated: it holds more records than one answer shows)'));
  return `${lines.join('\n')}\n`;
}

function childLines(children: readonly Branch[], prefix: string): string[] {
  return children.flatMap((child, index) => {
    const last = index === children.length - 1;
    return [
      `${prefix}${last ? '└─ ' : '├─ '}${child.line}`,
      ...childLines(child.children, `${prefix}${last ? '   ' : '│  '}`),
    ];
  });
}

function instanceBranch(node: TriggerInstanceNode, style: Style): Branch {
  const error = node.error ? ` ${style.red(node.error)}` : '';
  return {
    line: `trigger instance ${node.id} ${style.bold(node.trigger)} ${styleStatus(style, node.status)} ${style.dim(node.occurrence_time)}${error}`,
    children: node.enforcements.map((enforcement) => enforcementBranch(enforcement, style)),
  };
}

function enforcementBranch(node: EnforcementNode, style: Style): Branch {
  const reason = node.failure_reason ? `: ${style.red(node.failure_reason)}` : '';
  return {
    line: `rule ${style.bold(node.rule)} ${styleStatus(style, node.status)} ${style.dim(node.enforced_at)} (enforcement ${node.id})${reason}`,
    children: node.execution ? [executionBranch(node.execution, style)] : [],
  };
}

function executionBranch(node: ExecutionNode, style: Style): Branch {
  const elapsed = elapsedText(node);
  const error = node.error && node.status !== 'succeeded' ? `: ${style.red(node.error)}` : '';
  return {
    line: `execution ${node.id} ${style.bold(node.action)} ${styleStatus(style, node.status)} ${style.dim(node.created_at)}${elapsed}${error}`,
    children: [
      ...node.children.map((child) => executionBranch(child, style)),
      ...node.trigger_instances.map((instance) => instanceBranch(instance, style)),
    ],
  };
}

function elapsedText(node: ExecutionNode): string {
  if (!node.start_timestamp || !node.end_timestamp) return '';
  const ms = Date.parse(node.end_timestamp) - Date.parse(node.start_timestamp);
  return Number.isFinite(ms) ? ` ${(ms / 1000).toFixed(3)} s` : '';
}
