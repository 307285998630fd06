import { readdirSync, readFileSync, renameSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';

/** One action process group, as recorded while it runs. */
export interface ProcessGroupRecord {
  /** The group's id: the pid of its leader, the process the runner spawned. */
  pgid: number;
  /** The leader's start time in clock ticks since boot (`/proc/<pid>/stat`, field 22). */
  startTicks: number | null;
  /** `/proc/sys/kernel/random/boot_id` when it started: records from before a reboot are void. */
  bootId: string | null;
  execution: string;
}

/**
 * Action process groups that are running now, in files under `<dataDir>/process-groups/` so that
 * they outlive a crash of the engine. Spawned processes run in their own group (detached): a killed
 * engine does not take them along, so at the next start the groups it left are killed
 * (`reapOrphanedGroups`) before their executions are marked abandoned. Writes are synchronous: a
 * group is recorded before the spawn call returns to the event loop.
 */
export class ProcessLedger {
  readonly #dir: string;

  constructor(dataDir: string) {
    this.#dir = path.join(dataDir, 'process-groups');
  }

  record(pgid: number, execution: string): void {
    mkdirSync(this.#dir, { recursive: true });
    const entry: ProcessGroupRecord = { pgid, startTicks: startTicksOf(pgid), bootId: bootId(), execution };
    const file = this.#file(pgid);
    writeFileSync(`${file}.tmp`, JSON.stringify(entry));
    renameSync(`${file}.tmp`, file);
  }

  forget(pgid: number): void {
    rmSync(this.#file(pgid), { force: true });
  }

  /** Every record left, unreadable ones skipped. */
  list(): ProcessGroupRecord[] {
    let names: string[];
    try {
      names = readdirSync(this.#dir).filter((name) => name.endsWith('.json'));
    } catch {
      return [];
    }
    return names.flatMap((name) => {
      try {
        return [JSON.parse(readFileSync(path.join(this.#dir, name), 'utf8')) as ProcessGroupRecord];
      } catch {
        return [];
      }
    });
  }

  /**
   * Kills the groups a dead engine left (SIGKILL to the whole group) and forgets every record.
   * Guarded against pid reuse: nothing is killed after a reboot, nor when the pid is now the
   * leader of a different, later process. Returns the groups killed.
   */
  reapOrphanedGroups(): ProcessGroupRecord[] {
    const killed: ProcessGroupRecord[] = [];
    const boot = bootId();
    for (const entry of this.list()) {
      if (isSameGroup(entry, boot)) {
        try {
          process.kill(-entry.pgid, 'SIGKILL');
          killed.push(entry);
        } catch {
          // Gone already.
        }
      }
      this.forget(entry.pgid);
    }
    return killed;
  }

  #file(pgid: number): string {
    return path.join(this.#dir, `${pgid}.json`);
  }
}

function isSameGroup(entry: ProcessGroupRecord, boot: string | null): boolean {
  if (entry.bootId !== boot) return false;
  const leaderTicks = startTicksOf(entry.pgid);
  // The leader still runs: it must be the very process recorded, not a later one with its pid.
  if (leaderTicks !== null) return leaderTicks === entry.startTicks;
  // The leader exited: its pid cannot be reused while processes of its group remain, so any
  // process still in the group is one the action started.
  return groupHasMembers(entry.pgid);
}

function startTicksOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces and parentheses) start after its ")".
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[19]);
    return Number.isFinite(ticks) ? ticks : null;
  } catch {
    return null;
  }
}

function groupHasMembers(pgid: number): boolean {
  try {
    for (const name of readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      try {
        const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        if (Number(fields[2]) === pgid) return true;
      } catch {
        // The process ended while we looked.
      }
    }
  } catch {
    return false;
  }
  return false;
}

function bootId(): string | null {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return null;
  }
}
