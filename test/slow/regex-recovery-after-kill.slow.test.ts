import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import type { EnforcementView } from '../../src/api/serialize/serialize-enforcement.js';
import { createStore } from '../../src/store/create-store.js';
import { makeTempHome, packYaml, type TempHome } from '../support/temp-home.js';

// Slow: two engine processes in turn, each matching a pattern that runs for its whole budget.
const CHILD = path.join(import.meta.dirname, '../support/run-api-child.ts');

// A back-reference RE2 cannot run, which backtracks exponentially on a run of a's without a "b".
const HOSTILE_RULE = `name: hostile
pack: demo
enabled: true
trigger: { type: core.st2.webhook, parameters: { url: hostile } }
criteria:
  trigger.body.name: { type: matchregex, pattern: '^(a|aa)+\\1b$' }
action: { ref: core.local, parameters: { cmd: 'echo matched' } }
`;

const OTHER_RULE = `name: other
pack: demo
enabled: true
trigger: { type: core.st2.webhook, parameters: { url: other } }
action: { ref: core.local, parameters: { cmd: 'echo served' } }
`;

interface Child {
  url: string;
  child: ChildProcess;
  exited: Promise<void>;
}

function startChild(temp: TempHome): Promise<Child> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, temp.home, temp.bundled], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    let output = '';
    child.once('exit', (code, signal) => reject(new Error(`engine child exited early (${code ?? signal})`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /LISTENING (\S+)/.exec(output);
      if (match) resolve({ url: match[1]!, child, exited });
    });
  });
}

async function call(
  url: string,
  method: string,
  route: string,
  body?: unknown,
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${url}${route}`, {
    method,
    ...(body === undefined
      ? {}
      : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
}

describe('kill -9 while a budgeted regex is matching', () => {
  const children: ChildProcess[] = [];
  let temp: TempHome | undefined;
  afterEach(async () => {
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
    await temp?.cleanup();
  });

  it('recovers without hanging: the API opens, the stored instance is enforced as failed with the budget reason', async () => {
    temp = await makeTempHome(['core']);
    await temp.write('packs/demo/pack.yaml', packYaml('demo'));
    await temp.write('packs/demo/rules/hostile.yaml', HOSTILE_RULE);
    await temp.write('packs/demo/rules/other.yaml', OTHER_RULE);
    // The longest budget, so the kill lands while the match runs however loaded the machine is.
    await temp.write('squall.yaml', 'regex: { budget_ms: 60000 }\n');

    const first = await startChild(temp);
    children.push(first.child);
    // The match holds the engine's thread for up to its budget, so the 202 may never be flushed:
    // the stored instance, read from the database, says the event was accepted.
    const posting = call(first.url, 'POST', '/api/v1/webhooks/hostile', { name: `${'a'.repeat(60)}c` }).catch(
      () => undefined,
    );
    const store = await createStore({
      driver: 'sqlite',
      path: path.join(temp.home, 'data/squall.db'),
      worker: false,
    });
    let instance = '';
    await expect
      .poll(
        async () => {
          const stored = await store.listTriggerInstances({ trigger: 'core.st2.webhook' });
          instance = stored[0]?.id ?? '';
          return instance;
        },
        { timeout: 30_000, interval: 100 },
      )
      .not.toBe('');
    first.child.kill('SIGKILL');
    await first.exited;
    await posting;
    // Killed mid-match (or before it): the instance is stored, and no enforcement of it is.
    expect(await store.getTriggerInstance(instance)).toMatchObject({ id: instance });
    expect(await store.listEnforcements({ trigger_instance: instance })).toEqual([]);
    await store.close();

    // Recovery re-matches the stored instance: under a short budget it must fail it, not hang.
    await temp.write('squall.yaml', 'regex: { budget_ms: 3000 }\n');
    const second = await startChild(temp);
    children.push(second.child);
    const health = await call(second.url, 'GET', '/api/v1/health');
    expect(health).toMatchObject({ status: 200, body: { status: 'ok' } });
    let enforcements: EnforcementView[] = [];
    await expect
      .poll(
        async () => {
          const listed = await call(
            second.url,
            'GET',
            `/api/v1/ruleenforcements?trigger_instance=${instance}`,
          );
          enforcements = listed.body as EnforcementView[];
          return enforcements.map((enforcement) => enforcement.status);
        },
        { timeout: 60_000 },
      )
      .toEqual(['failed']);
    expect(enforcements[0]).toMatchObject({ rule: { ref: 'demo.hostile' }, execution_id: null });
    expect(enforcements[0]?.failure_reason).toMatch(/trigger\.body\.name: .*3000 ms budget/);

    const served = await call(second.url, 'POST', '/api/v1/webhooks/other', {});
    expect(served.status).toBe(202);
    const { trigger_instance: other } = served.body as { trigger_instance: string };
    await expect
      .poll(
        async () => {
          const listed = await call(second.url, 'GET', `/api/v1/executions?trigger_instance=${other}`);
          return (listed.body as { status: string }[])[0]?.status;
        },
        { timeout: 60_000 },
      )
      .toBe('succeeded');
  });
});
