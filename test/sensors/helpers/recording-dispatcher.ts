import { Writable } from 'node:stream';

import { pino } from 'pino';

import { compileSchemaCheck } from '../../../src/parsing/json-schema.js';
import { newId } from '../../../src/domain/ids.js';
import type { DispatchOptions, TriggerDispatcher, TriggerInstance } from '../../../src/domain/trigger.js';
import type { TriggerType } from '../../../src/snapshot/model/trigger-type.js';
import { NotFoundError, ValidationError } from '../../../src/common/errors.js';
import type { Logger } from '../../../src/common/logger.js';

export interface DispatchCall {
  trigger: string;
  payload: unknown;
  options: DispatchOptions;
  instance: TriggerInstance;
}

export interface RecordingDispatcher extends TriggerDispatcher {
  calls: DispatchCall[];
  /** Resolves once at least `count` calls were recorded; rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<DispatchCall[]>;
}

/** A dispatcher that validates payloads against the given trigger types, like the engine's, and records calls. */
export function recordingDispatcher(types: readonly TriggerType[]): RecordingDispatcher {
  const checks = new Map(
    types.map((type) => [
      type.ref,
      type.payload_schema ? compileSchemaCheck(type.payload_schema) : undefined,
    ]),
  );
  const calls: DispatchCall[] = [];
  const waiters: Array<() => void> = [];
  return {
    calls,
    async dispatch(trigger, payload, options = {}) {
      if (!checks.has(trigger)) throw new NotFoundError(`unknown trigger type "${trigger}"`);
      const problem = checks.get(trigger)?.(payload);
      if (problem) throw new ValidationError(`trigger ${trigger}: ${problem}`, { code: 'E_INVALID_PAYLOAD' });
      const instance: TriggerInstance = {
        id: newId(),
        trigger,
        payload,
        occurrence_time: new Date().toISOString(),
        trace_id: options.traceTag ?? newId(),
        status: 'pending',
      };
      calls.push({ trigger, payload, options, instance });
      for (const wake of waiters.splice(0)) wake();
      return instance;
    },
    waitFor(count, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`expected ${count} dispatches, got ${calls.length}`)),
          timeoutMs,
        );
        const check = () => {
          if (calls.length >= count) {
            clearTimeout(timer);
            resolve(calls);
          } else waiters.push(check);
        };
        check();
      });
    },
  };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A real pino logger whose lines (JSON, every level from debug) are kept for assertions. */
export function capturingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  return { logger: pino({ level: 'debug' }, stream), lines };
}
