// `npm run bench:peers`: Squall beside Node-RED (and n8n when installed) on this machine in one run.
// Each target: autocannon -c 50 -d 5, POST {"kind":"greeting","n":1}, rounds interleaved, medians;
// after each round the run waits until every target is idle (Squall: every execution finished), so
// Squall also reports the rate at which webhooks were executed, not only acknowledged.
// Peers are installed with npm into SQUALL_PEERS_DIR (default <tmpdir>/squall-peers), never into
// the project. n8n (~2 GB) is installed only with SQUALL_PEERS_N8N=1, measured whenever present.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import autocannon from 'autocannon';

import { ensureBuilt } from '../startup.js';
import { fmt, load, median, mib } from '../support/stats.js';
import { startN8n } from './n8n-target.js';
import { startBare, startNodeRed, startSquall, type Target } from './targets.js';

const PEERS_DIR = process.env['SQUALL_PEERS_DIR'] ?? path.join(tmpdir(), 'squall-peers');
const SECONDS = Number(process.env['SQUALL_PEERS_SECONDS'] ?? 5);
const ROUNDS = Number(process.env['SQUALL_PEERS_ROUNDS'] ?? 3);
const CONNECTIONS = 50;
const BODY = JSON.stringify({ kind: 'greeting', n: 1 });

async function install(name: string, spec: string, extra: Record<string, unknown> = {}): Promise<void> {
  const dir = path.join(PEERS_DIR, name);
  if (existsSync(path.join(dir, 'node_modules', spec.split('@')[0]!))) return;
  await mkdir(dir, { recursive: true });
  await writeFile(
    path.join(dir, 'package.json'),
    JSON.stringify({ name: `peers-${name}`, private: true, ...extra }),
  );
  console.log(`installing ${spec} into ${dir} …`);
  execFileSync('npm', ['install', '--no-audit', '--no-fund', spec], { cwd: dir, stdio: 'inherit' });
}

function statusKiB(pid: number, field: string): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${field}:`));
  return Number(/(\d+)/.exec(line ?? '')?.[1] ?? 0) * 1024;
}

function version(name: string): string {
  const file = path.join(PEERS_DIR, name, 'node_modules', name, 'package.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version : '?';
}

interface Round {
  rps: number;
  accepted: number;
  refused: number;
  p99: number;
  rss: number;
  /** Accepted requests / (load time + the wait until idle after it): what was executed per second. */
  executedRps: number;
  load: string;
}

async function measure(target: Target): Promise<Round> {
  const before = load();
  const result = await autocannon({
    url: target.url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: BODY,
    connections: CONNECTIONS,
    duration: SECONDS,
    workers: 1,
  });
  const rss = statusKiB(target.pid, 'VmRSS');
  const loaded = performance.now();
  await target.idle();
  const idleSeconds = (performance.now() - loaded) / 1000;
  return {
    rps: (result['2xx'] + result.non2xx) / result.duration,
    accepted: result['2xx'],
    refused: result.non2xx,
    p99: result.latency.p99,
    rss,
    executedRps: result['2xx'] / (result.duration + idleSeconds),
    load: before,
  };
}

ensureBuilt();
await install('node-red', 'node-red@4');
if (process.env['SQUALL_PEERS_N8N'] === '1')
  await install('n8n', 'n8n@2.8.4', { overrides: { xlsx: '0.18.5' } });
const root = await mkdtemp(path.join(tmpdir(), 'squall-peers-run-'));
const targets: Target[] = [];
try {
  // One at a time: a target that fails to start must not leave the started ones running.
  targets.push(await startBare());
  targets.push(await startSquall(root));
  targets.push(await startNodeRed(PEERS_DIR, root, false));
  targets.push(await startNodeRed(PEERS_DIR, root, true));
  if (existsSync(path.join(PEERS_DIR, 'n8n/node_modules/n8n/bin/n8n'))) {
    try {
      targets.push(await startN8n(PEERS_DIR, root));
    } catch (error) {
      console.log(`n8n not measured: ${(error as Error).message}`);
    }
  }
  const rounds = new Map<Target, Round[]>(targets.map((t) => [t, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const target of targets) {
      const r = await measure(target);
      rounds.get(target)!.push(r);
      console.log(
        `round ${round + 1} ${target.name}: ${fmt(r.rps)} req/s (${fmt(r.accepted)} 2xx, ${fmt(r.refused)} refused), ` +
          `p99 ${r.p99} ms, executed ${fmt(r.executedRps)}/s, RSS ${mib(r.rss)} (${r.load})`,
      );
    }
  }
  const bare = median(rounds.get(targets[0]!)!.map((r) => r.rps));
  const squall = median(rounds.get(targets[1]!)!.map((r) => r.executedRps));
  console.log(
    `\nnode ${process.version}; Node-RED ${version('node-red')}` +
      (targets.some((t) => t.name === 'n8n') ? `; n8n ${version('n8n')}` : '; n8n not installed') +
      `; autocannon -c ${CONNECTIONS} -d ${SECONDS}, ${ROUNDS} rounds interleaved, medians\n`,
  );
  console.log(
    '| target | per request | req/s | 2xx/s executed | p99 | RSS (peak) | × bare | Squall executed ÷ it |',
  );
  console.log('|---|---|---:|---:|---:|---:|---:|---:|');
  for (const target of targets) {
    const rs = rounds.get(target)!;
    const rps = median(rs.map((r) => r.rps));
    const executed = median(rs.map((r) => r.executedRps));
    console.log(
      `| ${target.name} | ${target.does} | ${fmt(rps)} | ${fmt(executed)} | ${median(rs.map((r) => r.p99))} ms | ` +
        `${mib(median(rs.map((r) => r.rss)))} (${mib(statusKiB(target.pid, 'VmHWM'))}) | ${(rps / bare).toFixed(3)} | ` +
        `${(squall / executed).toFixed(2)}× |`,
    );
  }
} finally {
  for (const target of targets) await target.stop().catch(() => undefined);
  await rm(root, { recursive: true, force: true });
}
