// End to end in one process: trigger instances dispatched → matched → a core.noop execution recorded
// as succeeded in the SQLite store. Prints events/s and heap/RSS samples to show memory stays flat.
import { mkdtemp, rm, symlink, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { createEngine } from '../src/engine/create-engine.js';
import { silentLogger } from '../src/common/logger.js';
import { bundledPacksDir } from '../src/common/package-root.js';
import { fmt, load, mib } from './support/stats.js';

const RULE = `name: bench_rule
pack: bench
enabled: true
trigger: { type: bench.event }
criteria:
  trigger.kind: { type: equals, pattern: deploy }
  trigger.size: { type: gt, pattern: 3 }
  trigger.env: { type: inside, pattern: [prod, staging] }
action:
  ref: core.noop
`;

export interface EndToEndOptions {
  events: number;
  inFlight?: number;
}

export async function benchEndToEnd(options: EndToEndOptions): Promise<string[]> {
  const root = await mkdtemp(path.join(tmpdir(), 'squall-bench-'));
  const home = path.join(root, 'home');
  const bundled = path.join(root, 'bundled');
  await mkdir(path.join(home, 'packs/bench/rules'), { recursive: true });
  await mkdir(path.join(home, 'packs/bench/triggers'), { recursive: true });
  await mkdir(bundled);
  await symlink(path.join(bundledPacksDir(), 'core'), path.join(bundled, 'core'));
  await writeFile(
    path.join(home, 'packs/bench/pack.yaml'),
    'name: bench\ndescription: b\nversion: 1.0.0\nauthor: b\n',
  );
  await writeFile(path.join(home, 'packs/bench/triggers/event.yaml'), 'name: event\n');
  await writeFile(path.join(home, 'packs/bench/rules/rule.yaml'), RULE);

  const engine = await createEngine({
    home,
    bundledPacksDirs: [bundled],
    logger: silentLogger(),
    sensors: false,
    config: { executions: { concurrency: 256 } },
  });
  const lines: string[] = [];
  const inFlight = options.inFlight ?? 500;
  let succeeded = 0;
  const subscription = engine.bus.on('execution.updated').subscribe((execution) => {
    if (execution.status === 'succeeded') succeeded++;
  });
  const samples: string[] = [];
  let peakRss = 0;
  let peakHeap = 0;
  const sample = (done: number): void => {
    (globalThis as { gc?: () => void }).gc?.();
    const { heapUsed, rss } = process.memoryUsage();
    peakRss = Math.max(peakRss, rss);
    samples.push(`${done}: heap ${mib(heapUsed)} rss ${mib(rss)}`);
  };
  // Between the gc'd samples, RSS and heap every 100 ms (no gc: the peaks the process really reached).
  const sampler = setInterval(() => {
    const { heapUsed, rss } = process.memoryUsage();
    peakRss = Math.max(peakRss, rss);
    peakHeap = Math.max(peakHeap, heapUsed);
  }, 100);
  const startLoad = load();

  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  let sent = 0;
  const sampleEvery = Math.max(1, Math.floor(options.events / 5));
  const worker = async (): Promise<void> => {
    while (sent < options.events) {
      const n = sent++;
      await engine.dispatch('bench.event', {
        kind: 'deploy',
        size: 5 + (n % 7),
        env: n % 2 ? 'prod' : 'staging',
        n,
      });
      if (n > 0 && n % sampleEvery === 0) sample(n);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  await engine.idle();
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStarted);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  clearInterval(sampler);
  sample(options.events);
  subscription.unsubscribe();
  const stored = await engine.store.listExecutions({ status: 'succeeded', limit: 1 });
  lines.push(
    `end to end: ${options.events} trigger instances → ${succeeded} core.noop executions succeeded in ${seconds.toFixed(1)} s` +
      ` = ${fmt(succeeded / seconds)} events/s; peak RSS ${mib(peakRss)}, peak heap ${mib(peakHeap)}` +
      ` (${startLoad} → ${load()}); targets ≥ 20,000 events/s, peak RSS < 250 MiB, heap flat`,
  );
  lines.push(
    `  CPU ${cpuSeconds.toFixed(1)} s (all threads) = ${fmt(succeeded / cpuSeconds)} events per CPU second ` +
      '(steadier than wall time on a shared machine)',
  );
  lines.push(`  memory after gc: ${samples.join(' | ')}`);
  if (stored.length === 0 || succeeded !== options.events)
    lines.push(`  LOST EVENTS: expected ${options.events}, got ${succeeded}`);
  await engine.stop();
  await rm(root, { recursive: true, force: true });
  return lines;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const events = Number(process.argv[2] ?? 20_000);
  for (const line of await benchEndToEnd({ events })) console.log(line);
}
