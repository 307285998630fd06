import type { ExecutionView } from '../api/serialize/serialize-execution.js';
import { FINAL_STATUSES } from '../domain/execution.js';
import type { ExecutionOutputChunk, OutputType } from '../domain/execution-output.js';
import { encodeRef } from './command-context.js';
import type { SquallApi } from './connect.js';
import type { StreamMessage } from './sse-reader.js';

export interface TailOptions {
  /** Only this stream. */
  outputType?: OutputType;
  /** Where text goes (stdout). */
  write(text: string): void;
  /** Lines about the executions (started, finished), as st2 prints them. */
  note(text: string): void;
  /** How often the store is read besides the stream (a cluster's other processes, missed events). @default 1000 */
  pollMs?: number;
}

const STREAM_EVENTS = ['st2.execution__create', 'st2.execution__update', 'st2.execution.output__create'];

/**
 * st2's `execution tail`: prints what the execution (and the executions it started, such as a
 * workflow's tasks) print, live, until it completes. Output printed before the tail attached is
 * read from the store first; every chunk is printed once, whichever way it arrived.
 */
export async function tailExecution(
  api: SquallApi,
  id: string,
  options: TailOptions,
): Promise<ExecutionView> {
  const first = await api.call<ExecutionView>('GET', `/executions/${encodeRef(id)}`);
  const family = new Set([first.id]);
  const seen = new Set<string>();
  const started = new Set<string>();
  const print = (chunk: ExecutionOutputChunk): void => {
    if (seen.has(chunk.id) || !family.has(chunk.execution_id)) return;
    seen.add(chunk.id);
    if (options.outputType && chunk.output_type !== options.outputType) return;
    options.write(chunk.data);
  };
  const catchUp = async (): Promise<void> => {
    // Children started before the tail attached (or whose events went to another process).
    for (const member of [...family]) {
      const children = await api.call<ExecutionView[]>(
        'GET',
        `/executions?parent=${encodeRef(member)}&all=true&limit=0`,
      );
      for (const child of children.reverse()) family.add(child.id);
    }
    for (const member of [...family]) {
      const chunks = await api.call<ExecutionOutputChunk[]>(
        'GET',
        `/executions/${encodeRef(member)}/output?output_format=json`,
      );
      chunks.forEach(print);
    }
  };
  const finish = async (execution: ExecutionView): Promise<ExecutionView> => {
    await catchUp();
    options.note(`\nExecution ${execution.id} has completed (status=${execution.status}).\n`);
    return execution;
  };
  const noteStarted = (execution: ExecutionView): void => {
    if (started.has(execution.id) || execution.status === 'requested' || execution.status === 'scheduled')
      return;
    started.add(execution.id);
    options.note(
      execution.id === first.id
        ? `Execution ${execution.id} has started.\n\n`
        : `\nChild execution${taskOf(execution)} ${execution.id} has started.\n\n`,
    );
  };

  if (FINAL_STATUSES.has(first.status)) return finish(first);
  if (!api.events) {
    // In-process there is no stream: the store is read until the execution ends (this process runs it).
    noteStarted(first);
    for (;;) {
      await catchUp();
      const current = await api.call<ExecutionView>('GET', `/executions/${encodeRef(first.id)}`);
      if (FINAL_STATUSES.has(current.status)) return finish(current);
      await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 1000));
    }
  }
  const controller = new AbortController();
  // Subscribed before the stored output is read, so nothing falls between the two.
  const events = await api.events(`events=${STREAM_EVENTS.join(',')}`, controller.signal);
  noteStarted(first);
  await catchUp();
  let ended: ExecutionView | undefined;
  const poll = setInterval(() => {
    api
      .call<ExecutionView>('GET', `/executions/${encodeRef(first.id)}`)
      .then(async (current) => {
        await catchUp();
        if (FINAL_STATUSES.has(current.status)) {
          ended ??= current;
          controller.abort();
        }
      })
      .catch(() => undefined);
  }, options.pollMs ?? 1000);
  try {
    for await (const message of events) {
      const done = onMessage(message);
      if (done) {
        ended = done;
        break;
      }
    }
  } catch (error) {
    if (!controller.signal.aborted) throw error;
  } finally {
    clearInterval(poll);
    controller.abort();
  }
  return finish(ended ?? (await api.call<ExecutionView>('GET', `/executions/${encodeRef(first.id)}`)));

  function onMessage(message: StreamMessage): ExecutionView | undefined {
    if (message.event === 'st2.execution.output__create') {
      print(message.data as ExecutionOutputChunk);
      return undefined;
    }
    const execution = message.data as ExecutionView;
    if (execution.parent && family.has(execution.parent)) family.add(execution.id);
    if (!family.has(execution.id)) return undefined;
    noteStarted(execution);
    if (!FINAL_STATUSES.has(execution.status)) return undefined;
    if (execution.id === first.id) return execution;
    options.note(
      `\nChild execution${taskOf(execution)} ${execution.id} has finished (status=${execution.status}).\n`,
    );
    return undefined;
  }
}

/** ` (task=<name>)` for a workflow's task execution. */
function taskOf(execution: ExecutionView): string {
  const context = execution.context;
  const task = context['task'] ?? context['task_name'];
  return typeof task === 'string' && task !== '' ? ` (task=${task})` : '';
}
