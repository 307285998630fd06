import { randomUUID } from 'node:crypto';

import { createTask, type ScheduledTask } from 'node-cron';

import { errorMessage, ValidationError } from '../../common/errors.js';
import type { Logger } from '../../common/logger.js';
import type { SensorContext, TriggerSensor, TriggerUse } from '../sensor.js';
import { planCron } from './cron-fields.js';
import { parseSt2Date } from './st2-date.js';
import { CRON_TIMER, DATE_TIMER, INTERVAL_TIMER, TIMER_TRIGGER_TYPES } from './timer-trigger-types.js';
import { checkTimezone, pythonUtcString } from './zoned-time.js';

export interface TimerSensorOptions {
  /** Clock used to decide what is in the past and when intervals start. @default Date.now */
  now?: () => number;
  /** Zone of CronTimer/DateTimer parameters without `timezone`. @default 'UTC' */
  defaultTimezone?: string;
}

const UNIT_MS: Record<string, number> = {
  weeks: 604_800_000,
  days: 86_400_000,
  hours: 3_600_000,
  minutes: 60_000,
  seconds: 1_000,
};

// setTimeout fires at once past 2^31-1 ms (~24.8 days); longer waits are re-armed in steps.
const MAX_TIMEOUT_MS = 2_147_483_647;

interface Timer {
  cancel(): void;
}

/**
 * The st2 timers (`core.st2.IntervalTimer`, `DateTimer`, `CronTimer`): one timer per trigger use,
 * started on `add`, cancelled on `remove`. Payloads are `{executed_at, schedule}` with st2's format.
 */
export function createTimerSensor(ctx: SensorContext, options: TimerSensorOptions = {}): TriggerSensor {
  const now = options.now ?? Date.now;
  const defaultTimezone = options.defaultTimezone ?? 'UTC';
  const timers = new Map<string, Timer>();
  const logger = ctx.logger.child({ sensor: 'timers' });

  const fire = (use: TriggerUse, at: number): void => {
    const payload = { executed_at: pythonUtcString(at), schedule: use.parameters };
    const traceTag = `${use.type.replace(/^core\./, '')}-${randomUUID().replaceAll('-', '')}`;
    ctx.dispatcher
      .dispatch(use.type, payload, { traceTag, triggerParameters: use.parameters, source: 'timers' })
      .catch((error: unknown) =>
        logger.error({ trigger: use.type, key: use.key, err: errorMessage(error) }, 'timer dispatch failed'),
      );
  };

  const start = (use: TriggerUse): Timer | undefined => {
    const where = `${use.type} ${JSON.stringify(use.parameters)}`;
    const timezone =
      typeof use.parameters['timezone'] === 'string' ? use.parameters['timezone'] : defaultTimezone;
    checkTimezone(timezone, where);
    switch (use.type) {
      case INTERVAL_TIMER:
        return startInterval(intervalMs(use.parameters, where), now, (at) => fire(use, at));
      case DATE_TIMER: {
        const due = parseSt2Date(use.parameters['date'], timezone, where);
        if (due <= now()) {
          logger.warn(
            { trigger: use.type, date: use.parameters['date'] },
            'not scheduling a DateTimer in the past',
          );
          return undefined;
        }
        return armAt(due, now, () => fire(use, Date.now()));
      }
      case CRON_TIMER:
        return startCron(use, timezone, where, (at) => fire(use, at), logger);
      default:
        throw new ValidationError(`timers: trigger type ${use.type} is not a timer`, {
          code: 'E_TIMER_TYPE',
        });
    }
  };

  return {
    name: 'timers',
    triggerTypes: TIMER_TRIGGER_TYPES,
    add(use) {
      if (timers.has(use.key)) return;
      const timer = start(use);
      // A past DateTimer is remembered as inert so a repeated add does not warn again.
      timers.set(use.key, timer ?? { cancel() {} });
      logger.debug({ trigger: use.type, key: use.key }, 'timer added');
    },
    remove(use) {
      timers.get(use.key)?.cancel();
      timers.delete(use.key);
    },
    async stop() {
      for (const timer of timers.values()) timer.cancel();
      timers.clear();
    },
  };
}

function intervalMs(parameters: Record<string, unknown>, where: string): number {
  const unit = UNIT_MS[String(parameters['unit'])];
  const delta = parameters['delta'];
  if (unit === undefined || typeof delta !== 'number' || !Number.isInteger(delta) || delta < 1) {
    throw new ValidationError(
      `${where}: IntervalTimer needs unit (weeks|days|hours|minutes|seconds) and a positive integer delta`,
      { code: 'E_TIMER_INTERVAL' },
    );
  }
  return unit * delta;
}

/** Fires at start + k·period, computed from the start so that slow dispatches do not drift. */
function startInterval(period: number, now: () => number, onFire: (at: number) => void): Timer {
  const startedAt = now();
  let count = 0;
  let current: Timer | undefined;
  const next = () => {
    count += 1;
    const due = startedAt + count * period;
    current = armAt(due, now, () => {
      onFire(due);
      next();
    });
  };
  next();
  return { cancel: () => current?.cancel() };
}

function armAt(due: number, now: () => number, onDue: () => void): Timer {
  let handle: NodeJS.Timeout | undefined;
  const arm = () => {
    const wait = due - now();
    if (wait <= 0) return onDue();
    // Re-checked when it fires: Node may run a timer a millisecond early, and a timer never fires
    // before its instant.
    handle = setTimeout(arm, Math.min(wait, MAX_TIMEOUT_MS));
  };
  arm();
  return { cancel: () => clearTimeout(handle) };
}

function startCron(
  use: TriggerUse,
  timezone: string,
  where: string,
  onFire: (at: number) => void,
  logger: Logger,
): Timer {
  const plan = planCron(use.parameters, timezone, where);
  let task: ScheduledTask;
  try {
    task = createTask(
      plan.expression,
      (context) => {
        const at = context.date.getTime();
        if (plan.accepts(at)) onFire(at);
      },
      { timezone, noOverlap: false, suppressMissedWarning: true },
    );
  } catch (error) {
    throw new ValidationError(
      `${where}: cron expression "${plan.expression}" rejected: ${errorMessage(error)}`,
      {
        code: 'E_TIMER_CRON',
        cause: error,
      },
    );
  }
  // node-cron's start/destroy may return a promise; a failure there is logged, not dropped.
  const failed = (what: string) => (error: unknown) =>
    logger.error({ trigger: use.type, key: use.key, err: errorMessage(error) }, `cron timer ${what} failed`);
  Promise.resolve(task.start()).catch(failed('start'));
  return {
    cancel: () => {
      Promise.resolve(task.destroy()).catch(failed('stop'));
    },
  };
}
