import type { ExecutionView } from '../../api/serialize/serialize-execution.js';
import { formatRecord } from './format-record.js';
import { formatTable } from './format-table.js';
import { styleStatus, type Style } from './style.js';

/** One execution: what ran, how it ended, and its output (stdout/stderr, or the result). */
export function formatExecution(execution: ExecutionView, style: Style): string {
  const hasOutput = execution.stdout !== '' || execution.stderr !== '';
  return formatRecord(
    [
      { label: 'id', value: execution.id },
      { label: 'action', value: execution.action },
      { label: 'status', value: execution.status, style: (text) => styleStatus(style, text) },
      { label: 'exit_code', value: execution.exit_code ?? undefined },
      { label: 'parameters', value: execution.parameters },
      { label: 'created_at', value: execution.created_at },
      { label: 'start_timestamp', value: execution.start_timestamp ?? undefined },
      { label: 'end_timestamp', value: execution.end_timestamp ?? undefined },
      {
        label: 'elapsed',
        value: execution.elapsed_seconds === null ? undefined : `${execution.elapsed_seconds} s`,
      },
      { label: 'rule', value: execution.rule ?? undefined },
      { label: 'trigger_instance', value: execution.trigger_instance ?? undefined },
      { label: 'trace_id', value: execution.trace_id },
      { label: 'error', value: execution.error ?? undefined, style: (text) => style.red(text) },
      { label: 'stdout', value: hasOutput ? execution.stdout : undefined },
      { label: 'stderr', value: hasOutput && execution.stderr !== '' ? execution.stderr : undefined },
      { label: 'result', value: hasOutput || execution.result === null ? undefined : execution.result },
    ],
    style,
  );
}

export function formatExecutionTable(executions: readonly ExecutionView[], style: Style): string {
  return formatTable(
    [
      { header: 'id', value: (e: ExecutionView) => e.id },
      { header: 'action', value: (e: ExecutionView) => e.action },
      { header: 'status', value: (e: ExecutionView) => e.status, style: (text) => styleStatus(style, text) },
      { header: 'created', value: (e: ExecutionView) => e.created_at },
      {
        header: 'elapsed',
        value: (e: ExecutionView) => (e.elapsed_seconds === null ? '' : `${e.elapsed_seconds} s`),
      },
      { header: 'rule', value: (e: ExecutionView) => e.rule },
    ],
    executions,
    style,
  );
}
