// python-script executions per second through the whole engine (stored, queued, run, recorded):
// warm workers (the default) against a fresh Python process per execution (StackStorm's way), in the
// same run, on the same noop-like action. Medians of three rounds each.
import { mkdtemp, rm, symlink, writeFile, mkdir } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { createEngine, type Engine } from '../src/engine/create-engine.js';
import { silentLogger } from '../src/common/logger.js';
import { bundledPacksDir } from '../src/common/package-root.js';

const ACTION = `from st2common.runners.base_action import Action


class Noop(Action):
    def run(self, n):
        return {"n": n}
`;

export interface PythonBenchOptions {
  warmExecutions?: number;
  coldExecutions?: number;
  rounds?: number;
}

export async function benchPythonRunner(options: PythonBenchOptions = {}): Promise<string[]> {
  const root = await mkdtemp(path.join(tmpdir(), 'squall-bench-python-'));
  const home = path.join(root, 'home');
  const bundled = path.join(root, 'bundled');
  await mkdir(path.join(home, 'packs/benchpy/actions'), { recursive: true });
  await mkdir(bundled);
  await symlink(path.join(bundledPacksDir(), 'core'), path.join(bundled, 'core'));
  await writeFile(
    path.join(home, 'packs/benchpy/pack.yaml'),
    'name: benchpy\ndescription: b\nversion: 1.0.0\nauthor: b\n',
  );
  await writeFile(
    path.join(home, 'packs/benchpy/actions/noop.yaml'),
    'name: noop\nrunner_type: python-script\nentry_point: noop.py\nparameters:\n  n: { type: integer }\n',
  );
  await writeFile(path.join(home, 'packs/benchpy/actions/noop.py'), ACTION);
  // The defaults: executions.concurrency 8, python.pool_size 2 (the idle workers kept per pack).
  const concurrency = 8;
  const rounds = options.rounds ?? 3;
  const measure = async (warm: boolean, executions: number): Promise<number[]> => {
    const engine = await createEngine({
      home,
      bundledPacksDirs: [bundled],
      logger: silentLogger(),
      sensors: false,
      config: {
        executions: { concurrency },
        python: { interpreter: 'python3', pool_size: 2, idle_timeout: 300, warm, packs: {}, pip: {} },
      },
    });
    try {
      await runBatch(engine, concurrency * 2);
      const rates: number[] = [];
      for (let round = 0; round < rounds; round++) rates.push(await runBatch(engine, executions));
      return rates;
    } finally {
      await engine.stop();
    }
  };
  const warm = median(await measure(true, options.warmExecutions ?? 2000));
  const cold = median(await measure(false, options.coldExecutions ?? 100));
  await rm(root, { recursive: true, force: true });
  return [
    `python-script noop on ${cpus().length} cores, ${concurrency} at a time: warm workers ${Math.round(warm)} executions/s, ` +
      `a process per execution ${Math.round(cold)} executions/s — ${(warm / cold).toFixed(1)}× ` +
      `(medians of ${rounds} rounds; targets ≥ 10× and ≥ 200/s)`,
  ];
}

/** Requests `count` executions, keeping the queue a little ahead of the runners; executions/s. */
async function runBatch(engine: Engine, count: number): Promise<number> {
  let finished = 0;
  let failed = 0;
  let release: (() => void) | undefined;
  const subscription = engine.bus.on('execution.updated').subscribe((execution) => {
    if (execution.action !== 'benchpy.noop' || execution.end_timestamp === null) return;
    finished++;
    if (execution.status !== 'succeeded') failed++;
    release?.();
  });
  const started = performance.now();
  let requested = 0;
  const ahead = 32;
  while (requested < count) {
    while (requested - finished >= ahead) await new Promise<void>((resolve) => (release = resolve));
    await engine.run({ action: 'benchpy.noop', parameters: { n: requested++ } });
  }
  while (finished < count) await new Promise<void>((resolve) => (release = resolve));
  const seconds = (performance.now() - started) / 1000;
  subscription.unsubscribe();
  if (failed > 0) throw new Error(`${failed} of ${count} python-script executions did not succeed`);
  return count / seconds;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const line of await benchPythonRunner()) console.log(line);
}
