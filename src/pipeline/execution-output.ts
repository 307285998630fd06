import { StringDecoder } from 'node:string_decoder';

import type { EventBus } from '../bus/event-bus.js';
import { errorMessage } from '../common/errors.js';
import type { Logger } from '../common/logger.js';
import type { Execution } from '../domain/execution.js';
import type { ExecutionOutputChunk, OutputType } from '../domain/execution-output.js';
import { newId } from '../domain/ids.js';
import type { SecretRegistry } from '../security/secret-registry.js';
import type { HistoryStore } from '../store/history-store.js';

export interface ExecutionOutputDeps {
  history: Pick<HistoryStore, 'appendExecutionOutput'>;
  bus: EventBus;
  /** Known secrets are masked in every chunk, as in the stored result. */
  secrets: SecretRegistry;
  logger: Logger;
  /** How long a line without its newline waits before it is sent as it is. @default 250 */
  partialLineMs?: number;
}

/** Where one execution's output goes while it runs. */
export interface ExecutionOutputSink {
  write(stream: OutputType, data: Buffer): void;
  /** Sends what is still buffered; resolves once every chunk is stored. */
  close(): Promise<void>;
}

/** A partial line longer than this is sent without waiting for its end. */
const MAX_PENDING_CHARS = 64 * 1024;

/**
 * Turns what a running action prints into st2's execution output chunks: whole lines (a partial
 * line after a short wait), secrets masked, published as `execution.output` and stored. Lines are
 * kept whole so a secret is never split across two chunks where masking could not see it.
 */
export function createOutputSink(deps: ExecutionOutputDeps, execution: Execution): ExecutionOutputSink {
  const streams = new Map<OutputType, { decoder: StringDecoder; pending: string; timer?: NodeJS.Timeout }>();
  const queued: ExecutionOutputChunk[] = [];
  let writing: Promise<void> = Promise.resolve();
  let flushing = false;
  const waitMs = deps.partialLineMs ?? 250;

  const store = (): void => {
    if (flushing || queued.length === 0) return;
    flushing = true;
    const batch = queued.splice(0);
    writing = deps.history
      .appendExecutionOutput(batch)
      .catch((error: unknown) =>
        deps.logger.warn(
          { execution: execution.id, err: errorMessage(error) },
          'execution output could not be stored',
        ),
      )
      .finally(() => {
        flushing = false;
        store();
      });
  };

  const emit = (stream: OutputType, text: string): void => {
    if (text === '') return;
    const chunk: ExecutionOutputChunk = {
      id: newId(),
      execution_id: execution.id,
      action_ref: execution.action,
      runner_ref: execution.runner,
      output_type: stream,
      data: deps.secrets.size === 0 ? text : deps.secrets.mask(text),
      timestamp: new Date().toISOString(),
    };
    deps.bus.publish('execution.output', chunk);
    queued.push(chunk);
    store();
  };

  const state = (stream: OutputType) => {
    let current = streams.get(stream);
    if (!current) {
      current = { decoder: new StringDecoder('utf8'), pending: '' };
      streams.set(stream, current);
    }
    return current;
  };

  const flushPartial = (stream: OutputType): void => {
    const current = state(stream);
    clearTimeout(current.timer);
    current.timer = undefined;
    const text = current.pending;
    current.pending = '';
    emit(stream, text);
  };

  return {
    write(stream, data) {
      const current = state(stream);
      current.pending += current.decoder.write(data);
      const lastNewline = current.pending.lastIndexOf('\n');
      if (lastNewline >= 0) {
        const lines = current.pending.slice(0, lastNewline + 1);
        current.pending = current.pending.slice(lastNewline + 1);
        emit(stream, lines);
      }
      if (current.pending.length > MAX_PENDING_CHARS) flushPartial(stream);
      else if (current.pending !== '' && !current.timer) {
        current.timer = setTimeout(() => flushPartial(stream), waitMs);
      } else if (current.pending === '' && current.timer) {
        clearTimeout(current.timer);
        current.timer = undefined;
      }
    },
    async close() {
      for (const [stream, current] of streams) {
        current.pending += current.decoder.end();
        flushPartial(stream);
      }
      // The loop: a batch stored while we waited may have queued the next.
      while (flushing || queued.length > 0) {
        store();
        await writing;
      }
    },
  };
}
