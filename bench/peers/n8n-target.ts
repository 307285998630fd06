// n8n (webhook → IF → No Operation, answered on receipt; each execution recorded in its SQLite),
// measured when `npm run bench:peers` finds it installed (SQUALL_PEERS_N8N=1 installs it: ~2 GB).
import { execFile, spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

import { freePort, type Target } from './targets.js';

const run = promisify(execFile);

const WORKFLOW = {
  id: 'benchPeers000001',
  name: 'bench',
  active: false,
  settings: { executionOrder: 'v1' },
  connections: {
    Webhook: { main: [[{ node: 'IF', type: 'main', index: 0 }]] },
    IF: { main: [[{ node: 'NoOp', type: 'main', index: 0 }], []] },
  },
  nodes: [
    {
      id: 'a1',
      name: 'Webhook',
      type: 'n8n-nodes-base.webhook',
      typeVersion: 2,
      position: [0, 0],
      webhookId: 'bench-peers',
      parameters: { httpMethod: 'POST', path: 'bench', responseMode: 'onReceived' },
    },
    {
      id: 'a2',
      name: 'IF',
      type: 'n8n-nodes-base.if',
      typeVersion: 1,
      position: [200, 0],
      parameters: { conditions: { string: [{ value1: '={{$json.body.kind}}', value2: 'greeting' }] } },
    },
    {
      id: 'a3',
      name: 'NoOp',
      type: 'n8n-nodes-base.noOp',
      typeVersion: 1,
      position: [400, 0],
      parameters: {},
    },
  ],
};

export async function startN8n(peersDir: string, root: string): Promise<Target> {
  const folder = path.join(root, 'n8n');
  await mkdir(folder, { recursive: true });
  const port = await freePort();
  const env = {
    ...process.env,
    N8N_USER_FOLDER: folder,
    N8N_PORT: String(port),
    N8N_LISTEN_ADDRESS: '127.0.0.1',
    N8N_DIAGNOSTICS_ENABLED: 'false',
    N8N_PERSONALIZATION_ENABLED: 'false',
    N8N_RUNNERS_BROKER_PORT: String(await freePort()),
    N8N_LOG_LEVEL: 'warn',
  };
  const bin = path.join(peersDir, 'n8n/node_modules/n8n/bin/n8n');
  const file = path.join(folder, 'workflow.json');
  await writeFile(file, JSON.stringify(WORKFLOW));
  await run(process.execPath, [bin, 'import:workflow', `--input=${file}`], { env, timeout: 300_000 });
  await run(process.execPath, [bin, 'publish:workflow', `--id=${WORKFLOW.id}`], {
    env,
    timeout: 300_000,
  }).catch(() =>
    run(process.execPath, [bin, 'update:workflow', `--id=${WORKFLOW.id}`, '--active=true'], {
      env,
      timeout: 300_000,
    }),
  );
  const child = spawn(process.execPath, [bin, 'start'], { env, stdio: ['ignore', 'ignore', 'ignore'] });
  const url = `http://127.0.0.1:${port}/webhook/bench`;
  const deadline = Date.now() + 300_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`n8n exited with ${child.exitCode}`);
    const answer = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"kind":"warmup"}',
    }).catch(() => undefined);
    if (answer?.ok) break;
    if (Date.now() > deadline) throw new Error('n8n did not answer its webhook within 300 s');
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return {
    name: 'n8n',
    does: 'Webhook (respond on receipt) → IF → No Operation; execution recorded in SQLite',
    url,
    pid: child.pid!,
    idle: () => new Promise((resolve) => setTimeout(resolve, 3000)),
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
