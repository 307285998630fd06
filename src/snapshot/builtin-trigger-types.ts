import type { TriggerType } from './model/trigger-type.js';
import { FILE_TRIGGER_TYPES } from '../sensors/files/file-trigger-types.js';
import { GIT_PUSH_TRIGGER_TYPE } from '../sensors/git/git-push-trigger-type.js';
import { TIMER_TRIGGER_TYPES } from '../sensors/timers/timer-trigger-types.js';
import { WEBHOOK_TRIGGER_TYPES } from '../sensors/webhooks/webhook-trigger-types.js';
import { INTERNAL_TRIGGER_TYPES } from './internal-triggers.js';

/**
 * Every trigger type that exists without a pack file: the engine's own and the built-in sensors'.
 * They are content whether or not the sensors run (a CLI opening a home in-process runs none), so
 * rules on timers validate everywhere.
 */
export const BUILTIN_TRIGGER_TYPES: readonly TriggerType[] = [
  ...INTERNAL_TRIGGER_TYPES,
  ...TIMER_TRIGGER_TYPES,
  ...FILE_TRIGGER_TYPES,
  ...WEBHOOK_TRIGGER_TYPES,
  GIT_PUSH_TRIGGER_TYPE,
];
