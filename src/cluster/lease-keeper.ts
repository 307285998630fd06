import { errorMessage } from '../common/errors.js';
import type { Logger } from '../common/logger.js';
import type { ClusterStore } from '../store/cluster-store.js';

export interface LeaseKeeperOptions {
  store: Pick<ClusterStore, 'acquireLease' | 'releaseLease'>;
  /** This node's id: the holder written in the lease. */
  holder: string;
  /** How long a lease lasts without renewal. @default 15000 */
  ttlMs?: number;
  /** How often held leases are renewed and wanted ones tried. @default ttlMs / 3 */
  renewMs?: number;
  logger: Logger;
}

/** What to do when this node gains or loses a lease. */
export interface LeaseCallbacks {
  acquired(): void;
  lost(): void;
}

interface Wanted extends LeaseCallbacks {
  held: boolean;
  /** When the lease, as last renewed, runs out. */
  heldUntil: number;
}

/**
 * Keeps the leases this node wants: each one is tried at once and then at every round, renewed
 * while held, and given up on stop. A node that cannot reach the store stops the work of a lease
 * when the lease may have expired, so two nodes never do it at once for longer than the clock skew.
 */
export class LeaseKeeper {
  readonly holder: string;
  readonly ttlMs: number;
  readonly #options: LeaseKeeperOptions;
  readonly #wanted = new Map<string, Wanted>();
  #timer: NodeJS.Timeout | undefined;
  #round: Promise<void> | undefined;
  #stopped = false;

  constructor(options: LeaseKeeperOptions) {
    this.#options = options;
    this.holder = options.holder;
    this.ttlMs = options.ttlMs ?? 15_000;
  }

  start(): void {
    const every = this.#options.renewMs ?? Math.max(50, Math.floor(this.ttlMs / 3));
    this.#timer = setInterval(() => {
      this.#renewAll().catch(() => undefined);
    }, every);
    this.#timer.unref();
  }

  /** Starts competing for `name`; `acquired` is called when this node holds it. */
  want(name: string, callbacks: LeaseCallbacks): void {
    if (this.#stopped || this.#wanted.has(name)) return;
    const wanted: Wanted = { ...callbacks, held: false, heldUntil: 0 };
    this.#wanted.set(name, wanted);
    this.#try(name, wanted).catch(() => undefined);
  }

  /** Stops competing for `name` and releases it when held; `lost` is not called. */
  unwant(name: string): void {
    const wanted = this.#wanted.get(name);
    this.#wanted.delete(name);
    if (wanted?.held) this.#release(name).catch(() => undefined);
  }

  /** Names of the leases this node holds now. */
  held(): string[] {
    return [...this.#wanted].filter(([, wanted]) => wanted.held).map(([name]) => name);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#timer);
    await this.#round;
    const held = this.held();
    this.#wanted.clear();
    await Promise.all(held.map((name) => this.#release(name)));
  }

  #renewAll(): Promise<void> {
    if (this.#round) return this.#round;
    const round = Promise.all([...this.#wanted].map(([name, wanted]) => this.#try(name, wanted))).then(
      () => undefined,
    );
    this.#round = round.finally(() => (this.#round = undefined));
    return this.#round;
  }

  async #try(name: string, wanted: Wanted): Promise<void> {
    const startedAt = Date.now();
    let ours: boolean;
    try {
      ours = await this.#options.store.acquireLease(name, this.holder, this.ttlMs, startedAt);
    } catch (error) {
      this.#options.logger.warn({ lease: name, err: errorMessage(error) }, 'lease: could not renew');
      ours = wanted.held && Date.now() < wanted.heldUntil;
    }
    if (this.#wanted.get(name) !== wanted) {
      if (ours) await this.#release(name);
      return;
    }
    if (ours) wanted.heldUntil = startedAt + this.ttlMs;
    if (ours === wanted.held) return;
    wanted.held = ours;
    this.#options.logger.info({ lease: name, holder: this.holder }, ours ? 'lease taken' : 'lease lost');
    try {
      if (ours) wanted.acquired();
      else wanted.lost();
    } catch (error) {
      this.#options.logger.error(
        { lease: name, err: errorMessage(error) },
        'lease: starting its work failed',
      );
    }
  }

  async #release(name: string): Promise<void> {
    await this.#options.store.releaseLease(name, this.holder).catch((error: unknown) => {
      this.#options.logger.warn({ lease: name, err: errorMessage(error) }, 'lease: could not release');
    });
  }
}
