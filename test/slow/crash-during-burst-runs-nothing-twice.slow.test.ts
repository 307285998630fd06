import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { silentLogger } from '../../src/common/logger.js';
import { createEngine } from '../../src/engine/create-engine.js';
import { makeTempHome, packYaml, type TempHome } from '../support/temp-home.js';

const CHILD = path.join(import.meta.dirname, '../support/run-api-child.ts');
const ROUNDS = 10;
const BURST = 300;
const IN_FLIGHT = 16;

const RULES = ['one', 'two'].map(
  (name) => `name: ${name}
pack: burst
enabled: true
trigger: { type: core.st2.webhook, parameters: { url: burst } }
action: { ref: core.local, parameters: { cmd: 'echo ${name} {{ trigger.body.n }}' } }
`,
);

function startChild(temp: TempHome): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, temp.home, temp.bundled], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    child.once('exit', (code) => reject(new Error(`engine child exited early (${code})`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /LISTENING (\S+)/.exec(output);
      if (match) resolve({ url: match[1]!, child });
    });
  });
}

/** Posts the burst with a few requests in flight; SIGKILLs the engine after `killAfter` answers. */
async function burstUntilKilled(url: string, child: ChildProcess, killAfter: number): Promise<string[]> {
  const acknowledged: string[] = [];
  let next = 0;
  let killed = false;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const worker = async (): Promise<void> => {
    while (next < BURST && !killed) {
      const n = next++;
      try {
        const response = await fetch(`${url}/api/v1/webhooks/burst`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ n }),
        });
        if (response.status !== 202) continue;
        acknowledged.push(((await response.json()) as { trigger_instance: string }).trigger_instance);
        if (acknowledged.length >= killAfter && !killed) {
          killed = true;
          child.kill('SIGKILL');
        }
      } catch {
        return; // the engine is gone
      }
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  if (!killed) child.kill('SIGKILL');
  await exited;
  return acknowledged;
}

describe('kill -9 during a burst of webhooks', () => {
  it(`loses no acknowledged event and runs no action twice, over ${ROUNDS} rounds`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const temp = await makeTempHome(['core']);
      try {
        await temp.write('packs/burst/pack.yaml', packYaml('burst'));
        for (const [index, rule] of RULES.entries())
          await temp.write(`packs/burst/rules/r${index}.yaml`, rule);
        const { url, child } = await startChild(temp);
        const killAfter = 10 + Math.floor(Math.random() * (BURST - 20));
        const acknowledged = await burstUntilKilled(url, child, killAfter);

        const engine = await createEngine({
          ...{ home: temp.home, bundledPacksDirs: [temp.bundled], logger: silentLogger() },
          sensors: false,
        });
        try {
          await engine.idle();
          const instances = new Set((await engine.store.listTriggerInstances({ limit: 0 })).map((i) => i.id));
          for (const id of acknowledged)
            expect(instances.has(id), `acknowledged ${id} was stored`).toBe(true);
          const enforcements = await engine.store.listEnforcements({ limit: 0 });
          const executions = await engine.store.listExecutions({ limit: 0 });
          const perRule = new Map<string, number>();
          for (const execution of executions) {
            const key = `${execution.trigger_instance} ${execution.rule}`;
            perRule.set(key, (perRule.get(key) ?? 0) + 1);
          }
          expect(
            [...perRule.values()].filter((count) => count > 1),
            `round ${round}: duplicates`,
          ).toEqual([]);
          // Every acknowledged event was matched by both rules, each enforced once with one execution.
          for (const id of acknowledged) {
            const mine = enforcements.filter((e) => e.trigger_instance === id);
            expect(mine.map((e) => e.rule).sort(), `round ${round}: enforcements of ${id}`).toEqual([
              'burst.one',
              'burst.two',
            ]);
            for (const enforcement of mine) expect(perRule.get(`${id} ${enforcement.rule}`)).toBe(1);
          }
          const unfinished = executions.filter((e) => !['succeeded', 'abandoned'].includes(e.status));
          expect(unfinished.map((e) => e.status)).toEqual([]);
        } finally {
          await engine.stop();
        }
      } finally {
        await temp.cleanup();
      }
    }
  }, 600_000);
});
