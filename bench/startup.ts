// Startup: `squall start` (the built CLI, dist/) on a home of 10,000 rules, from spawn until the API
// answers GET /api/v1/health, and the process's RSS then (VmRSS) and its peak so far (VmHWM).
// Several starts, medians. Needs `npm run build` first (the bench builds when dist/ is missing).
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { packageRoot } from '../src/common/package-root.js';
import { generateHome } from './support/generated-home.js';
import { fmt, load, median, mib, ms } from './support/stats.js';

const RULES = Number(process.env['SQUALL_BENCH_STARTUP_RULES'] ?? 10_000);
const STARTS = Number(process.env['SQUALL_BENCH_STARTUP_STARTS'] ?? 5);

interface Start {
  ms: number;
  /** CPU time (user + system) the process used until the API answered: steadier than wall time on a busy machine. */
  cpuMs: number;
  rss: number;
  hwm: number;
}

function cpuMs(pid: number): number {
  // Fields after the command name: state is 3rd; utime and stime are the 14th and 15th, in clock ticks.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

function statusBytes(pid: number, field: string): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith(`${field}:`));
  return Number(/(\d+)/.exec(line ?? '')?.[1] ?? 0) * 1024;
}

/** One `squall start`, timed until the API answers; stopped with SIGTERM after. */
export async function startOnce(home: string, extraArgs: readonly string[] = []): Promise<Start> {
  // SQUALL_BENCH_BIN: another build's bin/squall.js, to compare with a baseline in the same run.
  const bin = process.env['SQUALL_BENCH_BIN'] ?? path.join(packageRoot(), 'bin/squall.js');
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [...extraArgs, bin, 'start', '--home', home, '--port', '0', '--json', '--log-level', 'error'],
    { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, SQUALL_HOME: home } },
  );
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const line = out.split('\n').find((entry) => entry.startsWith('{'));
        if (line) resolve((JSON.parse(line) as { url: string }).url);
      });
      child.once('exit', (code) => reject(new Error(`squall start exited with ${code} before answering`)));
    });
    for (;;) {
      const answer = await fetch(`${url}/api/v1/health`).catch(() => undefined);
      if (answer?.ok) break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const took = performance.now() - started;
    return {
      ms: took,
      cpuMs: cpuMs(child.pid!),
      rss: statusBytes(child.pid!, 'VmRSS'),
      hwm: statusBytes(child.pid!, 'VmHWM'),
    };
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
}

export function ensureBuilt(): void {
  if (!existsSync(path.join(packageRoot(), 'dist/cli/main.js')))
    execFileSync('npm', ['run', 'build'], { cwd: packageRoot(), stdio: 'inherit' });
}

export async function benchStartup(): Promise<string[]> {
  ensureBuilt();
  const generated = await generateHome(RULES);
  try {
    await startOnce(generated.home); // page cache, data dir and database created
    const starts: Start[] = [];
    const loads: string[] = [];
    for (let i = 0; i < STARTS; i++) {
      loads.push(load());
      starts.push(await startOnce(generated.home));
    }
    return [
      `squall start, ${fmt(RULES)} rules in ${fmt(RULES / 100)} packs → API answering, ${STARTS} starts (median):`,
      `  wall ${ms(median(starts.map((s) => s.ms)))} (runs ${starts.map((s) => ms(s.ms)).join(', ')}), ` +
        `CPU ${ms(median(starts.map((s) => s.cpuMs)))}, ` +
        `RSS ${mib(median(starts.map((s) => s.rss)))} (peak ${mib(median(starts.map((s) => s.hwm)))}) ` +
        `[${loads.join(', ')}]; targets < 1.5 s, RSS < 200 MiB`,
    ];
  } finally {
    await generated.cleanup();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const line of await benchStartup()) console.log(line);
}
