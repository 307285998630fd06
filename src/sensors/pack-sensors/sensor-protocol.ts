import type { SensorTrigger } from './sensor-api.js';

/** Parent → sensor process. */
export type ParentMessage =
  | {
      type: 'start';
      sensor: { ref: string; className: string; entryPath: string; pollInterval?: number };
      /** The pack's folder (Python sensors put its lib/ on their path). */
      packDir?: string;
      config: Record<string, unknown>;
      triggers: SensorTrigger[];
    }
  | { type: 'ping'; seq: number }
  | { type: 'add_trigger' | 'update_trigger' | 'remove_trigger'; trigger: SensorTrigger }
  | { type: 'reply'; id: number; ok: true; value: unknown }
  | { type: 'reply'; id: number; ok: false; error: string }
  | { type: 'stop' };

export type RequestOp = 'dispatch' | 'kv.get' | 'kv.set' | 'kv.list' | 'kv.delete';
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Sensor process → parent. */
export type ChildMessage =
  | { type: 'ready' }
  | { type: 'pong'; seq: number }
  | { type: 'request'; id: number; op: RequestOp; args: Record<string, unknown> }
  | { type: 'log'; level: LogLevel; message: string; data?: Record<string, unknown> }
  | { type: 'fatal'; error: string }
  | { type: 'stopped' };

const CHILD_TYPES = new Set(['ready', 'pong', 'request', 'log', 'fatal', 'stopped']);

/** Messages come from pack code: only well-formed ones are acted on. */
export function isChildMessage(value: unknown): value is ChildMessage {
  if (typeof value !== 'object' || value === null) return false;
  const message = value as Record<string, unknown>;
  if (typeof message['type'] !== 'string' || !CHILD_TYPES.has(message['type'])) return false;
  switch (message['type']) {
    case 'pong':
      return typeof message['seq'] === 'number';
    case 'request':
      return (
        typeof message['id'] === 'number' &&
        typeof message['op'] === 'string' &&
        typeof message['args'] === 'object'
      );
    case 'log':
      return typeof message['level'] === 'string' && typeof message['message'] === 'string';
    case 'fatal':
      return typeof message['error'] === 'string';
    default:
      return true;
  }
}
