import { randomBytes } from 'node:crypto';

/** A command that waits for its user to repeat the confirmation phrase. */
export interface PendingConfirmation<T> {
  /** Short code the user repeats as `confirm <code>`. */
  code: string;
  user: string;
  channel: string;
  /** ms since the epoch. */
  expires_at: number;
  payload: T;
}

/**
 * Where pending confirmations live. Expiry is data (`expires_at`), checked against the injected
 * clock, so a durable implementation can keep them across restarts.
 */
export interface ConfirmationStore<T> {
  put(confirmation: PendingConfirmation<T>): Promise<void>;
  get(code: string): Promise<PendingConfirmation<T> | undefined>;
  delete(code: string): Promise<void>;
  /** Removes entries that expired at or before `now`. */
  deleteExpired(now: number): Promise<void>;
}

export function createMemoryConfirmationStore<T>(): ConfirmationStore<T> {
  const entries = new Map<string, PendingConfirmation<T>>();
  return {
    put: async (confirmation) => void entries.set(confirmation.code, confirmation),
    get: async (code) => entries.get(code),
    delete: async (code) => void entries.delete(code),
    deleteExpired: async (now) => {
      for (const [code, entry] of entries) if (entry.expires_at <= now) entries.delete(code);
    },
  };
}

export type ConfirmOutcome<T> =
  | { status: 'confirmed'; confirmation: PendingConfirmation<T> }
  | { status: 'unknown' }
  | { status: 'expired' }
  | { status: 'wrong_user'; owner: string };

export interface PendingConfirmationsOptions<T> {
  store?: ConfirmationStore<T>;
  /** @default 120_000 (two minutes) */
  ttlMs?: number;
  /** @default Date.now */
  now?: () => number;
  /** @default 4 random hex digits */
  newCode?: () => string;
}

/** Confirmation phrases for `confirm: true` aliases: one user, one use, until they expire. */
export class PendingConfirmations<T> {
  private readonly store: ConfirmationStore<T>;
  private readonly ttlMs: number;
  private readonly now: () => number;
  private readonly newCode: () => string;

  constructor(options: PendingConfirmationsOptions<T> = {}) {
    this.store = options.store ?? createMemoryConfirmationStore<T>();
    this.ttlMs = options.ttlMs ?? 120_000;
    this.now = options.now ?? Date.now;
    this.newCode = options.newCode ?? (() => randomBytes(2).toString('hex'));
  }

  async request(user: string, channel: string, payload: T): Promise<PendingConfirmation<T>> {
    const now = this.now();
    await this.store.deleteExpired(now);
    let code = this.newCode().toLowerCase();
    for (let attempt = 0; (await this.store.get(code)) !== undefined; attempt++) {
      // Codes are short so people can type them; on repeated clashes draw a longer one.
      code = attempt < 3 ? this.newCode().toLowerCase() : randomBytes(4).toString('hex');
    }
    const confirmation = { code, user, channel, expires_at: now + this.ttlMs, payload };
    await this.store.put(confirmation);
    return confirmation;
  }

  /** Consumes the confirmation when `user` owns it and it has not expired. */
  async confirm(user: string, code: string): Promise<ConfirmOutcome<T>> {
    const confirmation = await this.store.get(code.toLowerCase());
    if (!confirmation) return { status: 'unknown' };
    if (confirmation.expires_at <= this.now()) {
      await this.store.delete(confirmation.code);
      return { status: 'expired' };
    }
    if (confirmation.user !== user) return { status: 'wrong_user', owner: confirmation.user };
    await this.store.delete(confirmation.code);
    return { status: 'confirmed', confirmation };
  }
}
