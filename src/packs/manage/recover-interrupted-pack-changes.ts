import { lstat, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';

import { errorMessage } from '../../common/errors.js';
import type { Logger } from '../../common/logger.js';
import { installedPacksDir } from './pack-paths.js';

/** What `recoverInterruptedPackChanges` did, folder names relative to `<home>/packs`. */
export interface PackRecoveryReport {
  /** Packs whose previous version was put back because the new one never arrived. */
  restored: { ref: string; from: string }[];
  /** Leftover folders deleted. */
  deleted: string[];
  /** Folders of a pack change still running in another process, left alone. */
  inUse: string[];
}

interface Leftover {
  name: string;
  kind: 'previous' | 'removing' | 'staging';
  ref?: string;
  pid?: number;
  time: number;
}

// Names made by swap-packs-into-place.ts, remove-pack.ts and staged-install.ts; refs never hold "-".
const ASIDE = /^\.(previous|removing)-([a-z0-9_]+)-(\d+)-(\d+)(?:-\d+)?$/;
const STAGING = /^\.staging-(?:(\d+)-)?[A-Za-z0-9]+$/;

/**
 * Finishes what a crashed pack install or removal left in `<home>/packs`, before content loads:
 * a `.previous-<ref>-…` folder whose `<ref>` is missing becomes `<ref>` again (the install had not
 * put the new version in place, so the old one serves, as promised); `.previous-*` folders whose
 * `<ref>` exists, `.staging-*` and `.removing-*` folders are deleted. Folders made by a process
 * still running (a `squall pack install` beside this engine) are left alone. Never throws.
 */
export async function recoverInterruptedPackChanges(
  home: string,
  logger: Logger,
): Promise<PackRecoveryReport> {
  const report: PackRecoveryReport = { restored: [], deleted: [], inUse: [] };
  const root = installedPacksDir(home);
  let names: string[];
  try {
    names = await readdir(root);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      logger.warn({ err: error, dir: root }, `packs: could not list ${root} to recover interrupted installs`);
    }
    return report;
  }
  const leftovers = names.flatMap((name) => parseLeftover(name) ?? []);
  // Newest first, so the latest previous version of a pack is the one put back.
  leftovers.sort((a, b) => b.time - a.time);
  for (const leftover of leftovers) {
    if (leftover.pid !== undefined && isOtherLiveProcess(leftover.pid)) {
      logger.info(
        { dir: path.join(root, leftover.name), pid: leftover.pid },
        `packs: left ${leftover.name} alone: process ${leftover.pid} that made it is still running`,
      );
      report.inUse.push(leftover.name);
      continue;
    }
    try {
      await recoverOne(root, leftover, report, logger);
    } catch (error) {
      logger.warn(
        { err: error, dir: path.join(root, leftover.name) },
        `packs: could not clean up ${leftover.name} (${errorMessage(error)}); delete or restore it by hand`,
      );
    }
  }
  return report;
}

async function recoverOne(
  root: string,
  leftover: Leftover,
  report: PackRecoveryReport,
  logger: Logger,
): Promise<void> {
  const dir = path.join(root, leftover.name);
  if (
    leftover.kind === 'previous' &&
    leftover.ref !== undefined &&
    !(await exists(path.join(root, leftover.ref)))
  ) {
    await rename(dir, path.join(root, leftover.ref));
    report.restored.push({ ref: leftover.ref, from: leftover.name });
    logger.warn(
      { pack: leftover.ref, from: dir },
      `pack ${leftover.ref}: an install was interrupted before the new version was in place; the previous version (${leftover.name}) serves again`,
    );
    return;
  }
  await rm(dir, { recursive: true, force: true });
  report.deleted.push(leftover.name);
  logger.info({ dir }, `packs: deleted ${leftover.name}, left by an interrupted ${describe(leftover)}`);
}

function parseLeftover(name: string): Leftover | undefined {
  const aside = ASIDE.exec(name);
  if (aside) {
    const [, kind, ref, pid, time] = aside;
    return {
      name,
      kind: kind === 'previous' ? 'previous' : 'removing',
      ...(ref === undefined ? {} : { ref }),
      pid: Number(pid),
      time: Number(time),
    };
  }
  const staging = STAGING.exec(name);
  if (staging) {
    const pid = staging[1];
    return { name, kind: 'staging', ...(pid === undefined ? {} : { pid: Number(pid) }), time: 0 };
  }
  return undefined;
}

function describe(leftover: Leftover): string {
  if (leftover.kind === 'removing') return `removal of ${leftover.ref ?? 'a pack'}`;
  if (leftover.kind === 'previous') return `install of ${leftover.ref ?? 'a pack'} (old version)`;
  return 'install (staged copy)';
}

/** Our own pid is a crashed predecessor's (containers reuse pids): nothing of ours runs yet. */
function isOtherLiveProcess(pid: number): boolean {
  if (pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function exists(file: string): Promise<boolean> {
  return (await lstat(file).catch(() => undefined)) !== undefined;
}
