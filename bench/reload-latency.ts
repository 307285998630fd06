// Reload latency: one rule file changed in a home of 100, 1,000 and 10,000 rules, until the new
// snapshot is live (`ContentManager.reload` resolved: swapped in and listeners told). Two ways a
// change is found: the watcher names the file (what `squall start` does), or no file is named and
// every file's stamp is compared (`squall reload`). Medians and p99 of 20 changes each.
import { writeFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';

import { createRunnerRegistry } from '../src/actions/create-runner-registry.js';
import { EventBus } from '../src/bus/event-bus.js';
import { silentLogger } from '../src/common/logger.js';
import { ContentManager } from '../src/snapshot/content-manager.js';
import { generateHome } from './support/generated-home.js';
import { fmt, load, median, ms, quantile } from './support/stats.js';

const SIZES = (process.env['SQUALL_BENCH_RELOAD_SIZES'] ?? '100,1000,10000').split(',').map(Number);
const CHANGES = 20;

export async function benchReloadLatency(): Promise<string[]> {
  const lines = [
    `reload latency, one rule file changed → live, ${CHANGES} changes each (median / p99)`,
    `${'rules'.padStart(8)}  ${'first load'.padStart(11)}  ${'file named'.padStart(20)}  ${'stamps compared'.padStart(20)}`,
  ];
  const named: number[] = [];
  for (const rules of SIZES) {
    const generated = await generateHome(rules);
    try {
      const startedAt = performance.now();
      const manager = await ContentManager.open({
        home: generated.home,
        bundledPacksDirs: [generated.bundled],
        logger: silentLogger(),
        bus: new EventBus(),
        runners: createRunnerRegistry(),
      });
      const firstLoad = performance.now() - startedAt;
      const cpu = { named: [] as number[], stamps: [] as number[] };
      const change = async (i: number, name: boolean): Promise<number> => {
        const n = (i * 7919) % rules;
        const file = generated.ruleFile(n);
        await writeFile(file, generated.ruleYaml(n, `changed-${i}-${name}`));
        const t = performance.now();
        const cpuBefore = process.cpuUsage();
        const next = await manager.reload(name ? [file] : undefined);
        const took = performance.now() - t;
        const used = process.cpuUsage(cpuBefore);
        (name ? cpu.named : cpu.stamps).push((used.user + used.system) / 1000);
        const rule = next.rules.get(`${`bench_${Math.floor(n / 100)}`}.rule_${n}`);
        if (!JSON.stringify(rule?.spec.criteria ?? {}).includes(`changed-${i}-${name}`))
          throw new Error(`reload at ${rules} rules did not pick up the change to ${file}`);
        return took;
      };
      for (let i = 0; i < 3; i++) await change(1000 + i, true); // warm up
      cpu.named.length = 0;
      const byName: number[] = [];
      const byStamp: number[] = [];
      for (let i = 0; i < CHANGES; i++) {
        byName.push(await change(i, true));
        byStamp.push(await change(i, false));
      }
      named.push(median(cpu.named));
      await manager.stop();
      const cell = (values: number[]) => `${ms(median(values))} / ${ms(quantile(values, 0.99))}`;
      lines.push(
        `${fmt(rules).padStart(8)}  ${ms(firstLoad).padStart(11)}  ${cell(byName).padStart(20)}  ${cell(byStamp).padStart(20)}` +
          `  CPU median ${ms(median(cpu.named))} / ${ms(median(cpu.stamps))}  (${load()})`,
      );
    } finally {
      await generated.cleanup();
    }
  }
  if (named.length > 1)
    lines.push(
      `  file named, CPU time, largest home / smallest: ${(named.at(-1)! / named[0]!).toFixed(2)}× ` +
        '(targets: < 50 ms at 1,000 rules, < 100 ms and flat in home size at 10,000)',
    );
  return lines;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const line of await benchReloadLatency()) console.log(line);
}
