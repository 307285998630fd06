import { PythonWorker, type WorkerLaunch } from './python-worker.js';

export interface WorkerPoolOptions {
  /** Warm workers kept for a pack between executions. */
  poolSize(pack: string): number;
  /** Reuse workers at all; false: a fresh process per execution. */
  warm: boolean;
  /** Idle workers exit after this long. */
  idleTimeoutMs: number;
}

/** Idle workers beyond the pool size (started for a burst) stay this long for the next burst. */
const LINGER_MS = 5000;
/** Idle workers of one pack, whatever the bursts. */
const MAX_IDLE = 64;

interface IdleWorker {
  worker: PythonWorker;
  timer: NodeJS.Timeout;
}

/**
 * Warm Python workers, per pack: an execution takes an idle worker of its pack whose identity
 * (interpreter, virtualenv, pack folder) is still current, or starts a new one, so executions are
 * never queued here behind a long-running one. Afterwards the worker waits in the pack's idle list:
 * `pool_size` of them for the idle timeout, more (started for a burst) for a few seconds, none that
 * died, timed out or was canceled. A worker never serves two packs.
 */
export class WorkerPool {
  private readonly idle = new Map<string, IdleWorker[]>();
  private readonly busy = new Set<PythonWorker>();
  private closed = false;

  constructor(private readonly options: WorkerPoolOptions) {}

  /** A started worker for this pack and launch (reused when one is idle and current). */
  async acquire(pack: string, launch: WorkerLaunch): Promise<{ worker: PythonWorker; warm: boolean }> {
    const list = this.idle.get(this.key(pack, launch)) ?? [];
    while (list.length > 0) {
      const entry = list.pop();
      if (!entry) break;
      clearTimeout(entry.timer);
      if (entry.worker.alive && entry.worker.identity === launch.identity) {
        this.busy.add(entry.worker);
        return { worker: entry.worker, warm: true };
      }
      entry.worker.close();
    }
    const worker = new PythonWorker(launch);
    this.busy.add(worker);
    try {
      await worker.started();
    } catch (error) {
      this.busy.delete(worker);
      worker.kill();
      throw error;
    }
    return { worker, warm: false };
  }

  /** Gives a worker back after a run; `reusable` is false after a timeout, cancel or crash. */
  release(pack: string, launch: WorkerLaunch, worker: PythonWorker, reusable: boolean): void {
    this.busy.delete(worker);
    const key = this.key(pack, launch);
    const list = this.idle.get(key) ?? [];
    if (this.closed || !reusable || !this.options.warm || !worker.alive || list.length >= MAX_IDLE) {
      worker.close();
      return;
    }
    const keep = list.length < this.options.poolSize(pack) ? this.options.idleTimeoutMs : LINGER_MS;
    const timer = setTimeout(() => {
      const at = list.findIndex((entry) => entry.worker === worker);
      if (at >= 0) list.splice(at, 1);
      worker.close();
    }, keep);
    timer.unref();
    list.push({ worker, timer });
    this.idle.set(key, list);
  }

  /** Stops every worker: idle ones exit, running ones are killed. */
  async close(): Promise<void> {
    this.closed = true;
    const all: PythonWorker[] = [...this.busy];
    for (const list of this.idle.values()) {
      for (const entry of list) {
        clearTimeout(entry.timer);
        all.push(entry.worker);
        entry.worker.close();
      }
    }
    this.idle.clear();
    for (const worker of this.busy) worker.kill();
    await Promise.all(all.map((worker) => worker.stopped()));
  }

  private key(pack: string, launch: WorkerLaunch): string {
    return `${pack}\u0000${launch.packDir}`;
  }
}
