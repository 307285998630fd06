import type { Logger } from '../../common/logger.js';
import type { Execution } from '../../domain/execution.js';
import type { WorkflowStore } from '../../store/workflow-store.js';

const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Delayed children are due times in the store, not timers: one timer is armed for the earliest
 * due child; when it fires, every due child is claimed (`delayed` → `requested`, atomically) and
 * handed on. At start the next due time is read again, so what fell due while stopped runs.
 */
export class DueChildren {
  private timer: NodeJS.Timeout | undefined;
  private armedFor: number | undefined;
  private stopped = false;
  private claiming: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: Pick<WorkflowStore, 'claimDueWorkflowChildren' | 'nextWorkflowChildDue'>,
    private readonly onDue: (children: Execution[]) => Promise<void>,
    private readonly logger: Logger,
    private readonly clock: () => number = Date.now,
  ) {}

  /** A child becomes due at `dueMs`: the timer fires by then. */
  expect(dueMs: number): void {
    if (this.stopped) return;
    if (this.armedFor !== undefined && this.armedFor <= dueMs) return;
    this.arm(dueMs);
  }

  /** Reads the earliest due time from the store and arms for it. */
  async rearm(): Promise<void> {
    const next = await this.store.nextWorkflowChildDue();
    if (next !== undefined) this.expect(next);
  }

  stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    return this.claiming;
  }

  private arm(dueMs: number): void {
    clearTimeout(this.timer);
    this.armedFor = dueMs;
    const wait = Math.min(Math.max(0, dueMs - this.clock()), MAX_TIMER_MS);
    this.timer = setTimeout(() => this.fire(), wait);
    this.timer.unref();
  }

  private fire(): void {
    this.timer = undefined;
    this.armedFor = undefined;
    this.claiming = this.claiming.then(async () => {
      if (this.stopped) return;
      try {
        const due = await this.store.claimDueWorkflowChildren(this.clock());
        if (due.length > 0) await this.onDue(due);
        await this.rearm();
      } catch (error) {
        this.logger.error({ err: error }, 'claiming due workflow tasks failed; retrying in 1 s');
        if (!this.stopped) this.arm(this.clock() + 1000);
      }
    });
  }
}
