import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { ProcessLedger } from '../../src/actions/runners/process-ledger.js';
import { silentLogger } from '../../src/common/logger.js';
import { createEngine } from '../../src/engine/create-engine.js';
import { makeTempHome, type TempHome } from '../support/temp-home.js';

const CHILD = path.join(import.meta.dirname, '../support/run-engine-child.ts');

/** Alive and not a zombie. */
function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

async function eventually(condition: () => boolean, what: string, ms = 15_000): Promise<void> {
  const until = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function startChild(temp: TempHome, cmd: string): Promise<{ id: string; kill: () => Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, temp.home, temp.bundled, cmd], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    child.on('exit', (code) => reject(new Error(`engine child exited early (${code})`)));
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /RUNNING (\S+)/.exec(output);
      if (match) {
        resolve({
          id: match[1]!,
          kill: () =>
            new Promise((done) => {
              child.removeAllListeners('exit');
              child.on('exit', () => done());
              child.kill('SIGKILL');
            }),
        });
      }
    });
  });
}

describe('action processes do not outlive a crash of the engine', () => {
  let temp: TempHome;
  let scratch: string;
  beforeEach(async () => {
    temp = await makeTempHome();
    scratch = await mkdtemp(path.join(tmpdir(), 'squall-orphans-'));
  });
  afterEach(async () => {
    await temp.cleanup();
    await rm(scratch, { recursive: true, force: true });
  });

  it('kills the process group a SIGKILLed engine left, then marks its execution abandoned', async () => {
    const pidFile = path.join(scratch, 'pid');
    const marker = path.join(scratch, 'follow-up-ran');
    const { id, kill } = await startChild(temp, `echo $$ > ${pidFile}; sleep 300; touch ${marker}`);
    await eventually(() => existsSync(pidFile) && readFileSync(pidFile, 'utf8').trim() !== '', 'the pid');
    const shell = Number((await readFile(pidFile, 'utf8')).trim());
    await kill();
    expect(running(shell)).toBe(true);

    const engine = await createEngine({
      ...{ home: temp.home, bundledPacksDirs: [temp.bundled], logger: silentLogger() },
      sensors: false,
    });
    try {
      await eventually(() => !running(shell), 'the orphaned shell to be killed');
      expect(await engine.store.getExecution(id)).toMatchObject({ status: 'abandoned' });
      expect(existsSync(marker)).toBe(false);
      expect(new ProcessLedger(path.join(temp.home, 'data')).list()).toEqual([]);
    } finally {
      await engine.stop();
    }
  });
});

describe('the process ledger is guarded against pid reuse', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'squall-ledger-'));
  });
  afterEach(() => rm(dataDir, { recursive: true, force: true }));

  const group = () => spawn('sh', ['-c', 'sleep 30 & wait'], { detached: true, stdio: 'ignore' });

  it('does not kill a process whose pid was recorded for an earlier process', async () => {
    const child = group();
    const ledger = new ProcessLedger(dataDir);
    ledger.record(child.pid!, 'exec-1');
    // Rewrite the record as if it were made for an earlier process with the same pid.
    const file = path.join(dataDir, 'process-groups', `${child.pid}.json`);
    const entry = JSON.parse(readFileSync(file, 'utf8')) as { startTicks: number };
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, JSON.stringify({ ...entry, startTicks: entry.startTicks - 1 }));
    expect(ledger.reapOrphanedGroups()).toEqual([]);
    expect(running(child.pid!)).toBe(true);
    process.kill(-child.pid!, 'SIGKILL');
    expect(ledger.list()).toEqual([]);
  });

  it('kills what is left of a group whose leader exited', async () => {
    const child = spawn('sh', ['-c', 'sleep 30 & echo $!'], {
      detached: true,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const ledger = new ProcessLedger(dataDir);
    ledger.record(child.pid!, 'exec-2');
    const member = Number(
      await new Promise<string>((resolve) =>
        child.stdout!.once('data', (d: Buffer) => resolve(d.toString())),
      ),
    );
    await new Promise((resolve) => child.once('exit', resolve));
    expect(running(member)).toBe(true);
    expect(ledger.reapOrphanedGroups().map((entry) => entry.execution)).toEqual(['exec-2']);
    await eventually(() => !running(member), 'the member to die');
  });
});
