// Webhook ingestion: requests/s and p99 latency at 50 keep-alive connections on loopback, for Squall's
// `POST /api/v1/webhooks/<url>` (engine + API server, SQLite store: each trigger instance is durable
// before the 202) next to a bare node:http server answering 202, in the same run. Load comes from
// autocannon in a worker thread so the client does not share the server's event loop.
import { createServer, type Server } from 'node:http';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import autocannon, { type AutocannonResult } from 'autocannon';

import { createApiServer, type ApiServer } from '../src/api/server.js';
import { createEngine, type Engine } from '../src/engine/create-engine.js';
import { silentLogger } from '../src/common/logger.js';
import { bundledPacksDir } from '../src/common/package-root.js';
import { createStore } from '../src/store/create-store.js';

export interface WebhookBenchOptions {
  /** Seconds of load per side per round. @default 5 (SQUALL_BENCH_WEBHOOK_SECONDS) */
  seconds?: number;
  /** @default 50 */
  connections?: number;
  /** Rounds of (bare, Squall); medians are reported. @default 3 */
  rounds?: number;
  /**
   * SQLite in its worker thread (Squall's default) or in the event loop's thread, to compare.
   * @default true (SQUALL_BENCH_SQLITE_WORKER=0 turns it off)
   */
  sqliteWorker?: boolean;
}

// Matched against every request but never fires: ingestion is measured, not action runs.
const RULE = `name: on_bench_hook
pack: bench
enabled: true
trigger:
  type: core.st2.webhook
  parameters: { url: bench }
criteria:
  trigger.body.action: { type: equals, pattern: deploy }
action:
  ref: core.noop
`;

const BODY = JSON.stringify({
  action: 'ping',
  repository: 'acme/shop',
  ref: 'refs/heads/main',
  sender: { login: 'octocat', id: 583231 },
  checks: [1, 2, 3],
});

interface Side {
  rps: number;
  p99: number;
  ok: number;
  failed: number;
}

export async function benchWebhookIngestion(options: WebhookBenchOptions = {}): Promise<string[]> {
  const seconds = options.seconds ?? Number(process.env['SQUALL_BENCH_WEBHOOK_SECONDS'] ?? 5);
  const connections = options.connections ?? 50;
  const rounds = options.rounds ?? Number(process.env['SQUALL_BENCH_WEBHOOK_ROUNDS'] ?? 3);
  const bare = await startBareServer();
  const sqliteWorker = options.sqliteWorker ?? process.env['SQUALL_BENCH_SQLITE_WORKER'] !== '0';
  const squall = await startSquall(sqliteWorker);
  // Both sides run for a fixed time. (A fixed `amount` with autocannon's worker ends on a whole-second
  // tick and reports whole seconds, which under-reported Squall by up to a third.)
  const load = async (url: string, duration: number): Promise<Side> =>
    summarize(
      await autocannon({
        url,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: BODY,
        connections,
        duration,
        workers: 1,
      }),
    );
  const lines: string[] = [];
  try {
    const warmUp = await load(squall.url, 1); // JIT, SQLite pages
    let accepted = warmUp.ok;
    const bareRuns: Side[] = [];
    const squallRuns: Side[] = [];
    for (let round = 0; round < rounds; round++) {
      bareRuns.push(await load(bare.url, seconds));
      const run = await load(squall.url, seconds);
      squallRuns.push(run);
      accepted += run.ok;
      lines.push(
        `  round ${round + 1}: bare ${fmt(bareRuns[round]!.rps)} req/s p99 ${bareRuns[round]!.p99} ms | ` +
          `squall ${fmt(run.rps)} req/s p99 ${run.p99} ms`,
      );
    }
    await squall.engine.idle();
    const stored = (await squall.engine.store.listTriggerInstances({ trigger: 'core.st2.webhook', limit: 0 }))
      .length;
    const failed = [warmUp, ...squallRuns].reduce((sum, run) => sum + run.failed, 0);
    const bareRps = median(bareRuns.map((run) => run.rps));
    const squallRps = median(squallRuns.map((run) => run.rps));
    lines.unshift(
      `webhook ingestion, ${connections} connections, ${rounds} rounds of ~${seconds} s per side (medians), ` +
        `SQLite ${sqliteWorker ? 'in a worker thread' : 'in the event loop thread'}:`,
      `  bare node:http 202:     ${fmt(bareRps)} req/s, p99 ${median(bareRuns.map((r) => r.p99))} ms`,
      `  squall webhook → 202:   ${fmt(squallRps)} req/s, p99 ${median(squallRuns.map((r) => r.p99))} ms` +
        ` (${(bareRps / squallRps).toFixed(2)}× slower than bare; target within 2×)`,
    );
    // Every 2xx must be stored. A request still in flight when a run stops may be stored unanswered:
    // at most one per connection per run.
    const unanswered = stored - accepted;
    const inFlightBound = connections * (rounds + 1);
    lines.push(
      unanswered >= 0 && unanswered <= inFlightBound && failed === 0
        ? `  nothing lost: ${accepted} requests answered 2xx, ${stored} trigger instances stored ` +
            `(${unanswered} more were in flight when a run stopped)`
        : `  LOST OR FAILED: ${accepted} answered 2xx, ${stored} trigger instances stored, ${failed} errors/non-2xx`,
    );
  } finally {
    await squall.stop();
    await new Promise((resolve) => bare.server.close(resolve));
  }
  return lines;
}

// autocannon's own average counts whole seconds, which is coarse for a bounded run of a few seconds.
function summarize(result: AutocannonResult): Side {
  const answered = result['2xx'] + result.non2xx;
  return {
    rps: answered / result.duration,
    p99: result.latency.p99,
    ok: result['2xx'],
    failed: result.non2xx + result.errors + result.timeouts,
  };
}

async function startBareServer(): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(202, { 'content-type': 'application/json' });
      response.end('{"accepted":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}

async function startSquall(
  sqliteWorker: boolean,
): Promise<{ engine: Engine; url: string; stop(): Promise<void> }> {
  const root = await mkdtemp(path.join(tmpdir(), 'squall-bench-webhook-'));
  const home = path.join(root, 'home');
  const bundled = path.join(root, 'bundled');
  await mkdir(path.join(home, 'packs/bench/rules'), { recursive: true });
  await mkdir(bundled);
  await symlink(path.join(bundledPacksDir(), 'core'), path.join(bundled, 'core'));
  await writeFile(
    path.join(home, 'packs/bench/pack.yaml'),
    'name: bench\ndescription: b\nversion: 1.0.0\nauthor: b\n',
  );
  await writeFile(path.join(home, 'packs/bench/rules/on_bench_hook.yaml'), RULE);
  const store = await createStore({
    driver: 'sqlite',
    path: path.join(root, 'squall.db'),
    worker: sqliteWorker,
  });
  const engine = await createEngine({ home, bundledPacksDirs: [bundled], logger: silentLogger(), store });
  const api: ApiServer = await createApiServer(engine, { host: '127.0.0.1', port: 0 });
  return {
    engine,
    url: `${api.url}/api/v1/webhooks/bench`,
    async stop() {
      await api.close();
      await engine.stop();
      await store.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function fmt(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const line of await benchWebhookIngestion()) console.log(line);
}
