import type { Subscription } from 'rxjs';

import type { EventBus } from '../bus/event-bus.js';
import { errorMessage } from '../common/errors.js';
import type { Logger } from '../common/logger.js';
import type { Stage } from '../common/stage.js';
import type { TriggerDispatcher } from '../domain/trigger.js';
import { INQUIRY_TRIGGER } from '../snapshot/internal-triggers.js';
import { inquiryOf, isInquiryExecution } from './inquiry.js';
import type { InquiryService } from './inquiry-service.js';

export interface InquiriesStageNeeds {
  bus: EventBus;
  dispatcher: TriggerDispatcher;
  inquiries: InquiryService;
  logger: Logger;
  /** Sweeps for expired inquiries (the scheduler role); otherwise only announces new ones. */
  expire: boolean;
  /** @default 30000 */
  sweepIntervalMs?: number;
}

/**
 * Announces each new inquiry as `core.st2.generic.inquiry {id, route}` (so a rule can notify
 * someone), and, like st2's garbage collector, times out inquiries whose ttl ran out: the expiry is
 * data (start time plus ttl), swept at start and then every interval, so one due while the engine
 * was stopped expires when it starts.
 */
export function createInquiriesStage(needs: InquiriesStageNeeds): Stage {
  const { bus, logger } = needs;
  let subscription: Subscription | undefined;
  let timer: NodeJS.Timeout | undefined;
  const sweep = async (): Promise<void> => {
    try {
      const expired = await needs.inquiries.expire(Date.now());
      if (expired.length > 0) logger.info({ inquiries: expired.map((e) => e.id) }, 'inquiries timed out');
    } catch (error) {
      logger.error({ err: errorMessage(error) }, 'sweeping expired inquiries failed');
    }
  };
  return {
    name: 'inquiries',
    async start() {
      subscription = bus.on('execution.updated').subscribe((execution) => {
        if (execution.status !== 'pending' || !isInquiryExecution(execution)) return;
        const { id, route } = inquiryOf(execution);
        needs.dispatcher
          .dispatch(INQUIRY_TRIGGER, { id, route }, { source: 'engine', traceTag: execution.trace_id })
          .catch((error: unknown) =>
            logger.error({ inquiry: id, err: errorMessage(error) }, 'inquiry trigger dispatch failed'),
          );
      });
      if (!needs.expire) return;
      await sweep();
      // sweep() catches its own errors.
      timer = setInterval(() => {
        sweep().catch(() => undefined);
      }, needs.sweepIntervalMs ?? 30_000);
      timer.unref();
    },
    async stop() {
      subscription?.unsubscribe();
      if (timer) clearInterval(timer);
      await Promise.resolve();
    },
  };
}
