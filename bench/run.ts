// `npm run bench`: every benchmark in one run, figures printed; `npm run bench -- <name> [<name>…]`
// runs the named ones. Each prints medians of several rounds and the load average beside them: the
// machine is shared, so compare ratios measured in the same run.
import { cpus, loadavg } from 'node:os';

import { benchEndToEnd } from './end-to-end.js';
import { benchPythonRunner } from './python-runner.js';
import { benchReloadLatency } from './reload-latency.js';
import { benchRulesMatching } from './rules-matching.js';
import { benchStartup } from './startup.js';
import { benchWebhookIngestion } from './webhook-ingestion.js';
import { benchWorkflowTransitions } from './workflow-transitions.js';

const events = Number(process.env['SQUALL_BENCH_EVENTS'] ?? 200_000);

const BENCHES: Record<string, { title: string; run: () => Promise<string[]> }> = {
  matching: { title: 'rules matching', run: benchRulesMatching },
  reload: { title: 'reload latency (one file changed)', run: benchReloadLatency },
  startup: { title: 'startup (squall start, 10,000 rules)', run: benchStartup },
  'end-to-end': { title: 'end to end (SQLite store, in-memory queue)', run: () => benchEndToEnd({ events }) },
  webhooks: {
    title: 'webhook ingestion (HTTP API, SQLite store, durable before 202)',
    run: () => benchWebhookIngestion(),
  },
  python: {
    title: 'python-script runner (warm workers vs a process per execution, SQLite store)',
    run: benchPythonRunner,
  },
  workflows: {
    title: 'orquesta task transitions (each durable in SQLite before the next task is requested)',
    run: benchWorkflowTransitions,
  },
};

const asked = process.argv.slice(2);
const unknown = asked.filter((name) => !(name in BENCHES));
if (unknown.length > 0) {
  console.error(`unknown bench ${unknown.join(', ')}; known: ${Object.keys(BENCHES).join(', ')}`);
  process.exit(2);
}
console.log(
  `squall bench — node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ` +
    `load ${loadavg()
      .map((value) => value.toFixed(2))
      .join(' ')}`,
);
for (const name of asked.length > 0 ? asked : Object.keys(BENCHES)) {
  const bench = BENCHES[name]!;
  console.log(`\n## ${name}: ${bench.title}`);
  for (const line of await bench.run()) console.log(line);
}
