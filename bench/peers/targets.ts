// The servers `npm run bench:peers` loads, each in its own process so each one's RSS is its own:
// bare node:http, Squall (`squall start`), Node-RED and, when installed, n8n. Peers are installed by
// `npm install` into a folder outside the project (never the project's dependencies).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';

import { packageRoot } from '../../src/common/package-root.js';

export interface Target {
  name: string;
  /** What it does per request. */
  does: string;
  url: string;
  pid: number;
  /** Resolves when what the requests started has finished (Squall: no execution left to run). */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitFor(url: string, init: RequestInit, child: ChildProcess, what: string): Promise<void> {
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${what} exited with ${child.exitCode} before answering`);
    const answer = await fetch(url, { ...init, signal: AbortSignal.timeout(5000) }).catch(() => undefined);
    if (answer && answer.status < 500) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${what} did not answer ${url} within 180 s`);
}

function launch(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  return spawn(command, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

const POST_JSON = { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' };

export async function startBare(): Promise<Target> {
  const port = await freePort();
  const code = `require('node:http').createServer((q, s) => { q.resume(); q.on('end', () => { s.writeHead(202, {'content-type': 'application/json'}); s.end('{"accepted":true}'); }); }).listen(${port}, '127.0.0.1');`;
  const child = launch(process.execPath, ['-e', code]);
  const url = `http://127.0.0.1:${port}/`;
  await waitFor(url, POST_JSON, child, 'bare node:http');
  return {
    name: 'bare node:http',
    does: 'answers 202',
    url,
    pid: child.pid!,
    idle: async () => undefined,
    stop: () => stopChild(child),
  };
}

const SQUALL_RULE = `name: on_greeting
pack: peers
enabled: true
trigger: { type: core.st2.webhook, parameters: { url: peers } }
criteria:
  trigger.body.kind: { type: equals, pattern: greeting }
action:
  ref: core.noop
`;

export async function startSquall(root: string): Promise<Target> {
  const home = path.join(root, 'squall-home');
  await mkdir(path.join(home, 'packs/peers/rules'), { recursive: true });
  await writeFile(
    path.join(home, 'packs/peers/pack.yaml'),
    'name: peers\ndescription: p\nversion: 1.0.0\nauthor: p\n',
  );
  await writeFile(path.join(home, 'packs/peers/rules/on_greeting.yaml'), SQUALL_RULE);
  await writeFile(path.join(home, 'squall.yaml'), 'executions: { concurrency: 64 }\n');
  const port = await freePort();
  const child = launch(process.execPath, [
    path.join(packageRoot(), 'bin/squall.js'),
    ...['start', '--home', home, '--port', String(port), '--log-level', 'error', '--log-format', 'json'],
  ]);
  const api = `http://127.0.0.1:${port}/api/v1`;
  await waitFor(`${api}/health`, {}, child, 'squall');
  const unfinished = async (): Promise<number> => {
    let count = 0;
    for (const status of ['requested', 'scheduled', 'running']) {
      const answer = await fetch(`${api}/executions?status=${status}&limit=1`);
      count += ((await answer.json()) as unknown[]).length;
    }
    return count;
  };
  return {
    name: 'Squall',
    does: 'trigger instance stored before 202; rule matches; core.noop execution run and recorded (SQLite)',
    url: `${api}/webhooks/peers`,
    pid: child.pid!,
    async idle() {
      while ((await unfinished()) > 0) await new Promise((resolve) => setTimeout(resolve, 100));
    },
    stop: () => stopChild(child),
  };
}

/** http in → switch (kind == greeting) → function (the action) → [file append] → http response 202. */
function nodeRedFlow(appendTo: string | undefined): unknown[] {
  // Ids unlike any property value: Node-RED takes a property equal to a node id for a reference.
  const last = appendTo ? 'bench-file' : 'bench-response';
  return [
    { id: 'bench-tab', type: 'tab', label: 'bench' },
    {
      id: 'bench-in',
      type: 'http in',
      z: 'bench-tab',
      url: '/hook',
      method: 'post',
      wires: [['bench-switch']],
    },
    {
      id: 'bench-switch',
      type: 'switch',
      z: 'bench-tab',
      property: 'payload.kind',
      propertyType: 'msg',
      rules: [{ t: 'eq', v: 'greeting', vt: 'str' }],
      checkall: 'true',
      outputs: 1,
      wires: [['bench-function']],
    },
    {
      id: 'bench-function',
      type: 'function',
      z: 'bench-tab',
      outputs: 1,
      wires: [[last]],
      func: `msg.ran = { status: "succeeded", at: Date.now() };${appendTo ? ' msg.payload = JSON.stringify(msg.ran);' : ''} return msg;`,
    },
    ...(appendTo
      ? [
          {
            id: 'bench-file',
            type: 'file',
            z: 'bench-tab',
            filename: appendTo,
            filenameType: 'str',
            appendNewline: true,
            createDir: true,
            overwriteFile: 'false',
            encoding: 'utf8',
            wires: [['bench-response']],
          },
        ]
      : []),
    {
      id: 'bench-response',
      type: 'http response',
      z: 'bench-tab',
      statusCode: '202',
      headers: {},
      wires: [],
    },
  ];
}

export async function startNodeRed(peersDir: string, root: string, recorded: boolean): Promise<Target> {
  const userDir = path.join(root, recorded ? 'node-red-file' : 'node-red');
  await mkdir(userDir, { recursive: true });
  const port = await freePort();
  const log = recorded ? path.join(userDir, 'ran.log') : undefined;
  await writeFile(path.join(userDir, 'flows.json'), JSON.stringify(nodeRedFlow(log)));
  await writeFile(
    path.join(userDir, 'settings.js'),
    `module.exports = { uiPort: ${port}, uiHost: '127.0.0.1', httpAdminRoot: false, credentialSecret: 'bench-secret', ` +
      `flowFile: 'flows.json', userDir: ${JSON.stringify(userDir)}, logging: { console: { level: 'warn' } } };\n`,
  );
  const red = path.join(peersDir, 'node-red/node_modules/node-red/red.js');
  const child = launch(process.execPath, [
    red,
    '--settings',
    path.join(userDir, 'settings.js'),
    '--userDir',
    userDir,
  ]);
  const url = `http://127.0.0.1:${port}/hook`;
  await waitFor(url, { ...POST_JSON, body: '{"kind":"greeting"}' }, child, 'Node-RED').catch(
    async (error: unknown) => {
      await stopChild(child);
      throw error;
    },
  );
  return {
    name: recorded ? 'Node-RED + file append' : 'Node-RED (in memory)',
    does: `http in → switch → function${recorded ? ' → file append (no fsync)' : ''} → http response 202`,
    url,
    pid: child.pid!,
    idle: async () => undefined,
    stop: () => stopChild(child),
  };
}
