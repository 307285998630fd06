// `npm run bench`: every benchmark in one run, figures printed. Use medians of several runs when
// comparing: this machine's noise is several percent.
import { cpus } from 'node:os';

import { benchEndToEnd } from './end-to-end.js';
import { benchPythonRunner } from './python-runner.js';
import { benchRulesMatching } from './rules-matching.js';
import { benchWebhookIngestion } from './webhook-ingestion.js';
import { benchWorkflowTransitions } from './workflow-transitions.js';

const events = Number(process.env['SQUALL_BENCH_EVENTS'] ?? 200_000);

console.log(`squall bench — node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}`);
console.log('\n## rules matching');
for (const line of await benchRulesMatching()) console.log(line);
console.log('\n## end to end (SQLite store, in-memory queue)');
for (const line of await benchEndToEnd({ events })) console.log(line);
console.log('\n## webhook ingestion (HTTP API, SQLite store, durable before 202)');
for (const line of await benchWebhookIngestion()) console.log(line);
console.log('\n## python-script runner (warm workers vs a process per execution, SQLite store)');
for (const line of await benchPythonRunner()) console.log(line);
console.log('\n## orquesta task transitions (each durable in SQLite before the next task is requested)');
for (const line of await benchWorkflowTransitions()) console.log(line);
