// Slow (a second engine process under tsx, killed with SIGKILL): runs in `npm run test:slow`.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { silentLogger } from '../../src/common/logger.js';
import { createEngine, type Engine } from '../../src/engine/create-engine.js';
import { startEngineChild } from '../support/start-engine-child.js';
import { makeTempHome, packYaml, type TempHome } from '../support/temp-home.js';

const WAIT_FOR = `---
name: wait_for
runner_type: local-shell-cmd
enabled: true
parameters:
  gate: { type: string, required: true }
  cmd: { default: 'while [ ! -e {{ gate }} ]; do sleep 0.05; done', immutable: true }
`;

const ONE_AT_A_TIME = `---
name: one_at_a_time
resource_ref: demo.wait_for
policy_type: action.concurrency
parameters: { threshold: 1 }
`;

describe('an execution delayed by a concurrency policy survives a restart', () => {
  let temp: TempHome;
  let engine: Engine | undefined;
  const start = () =>
    createEngine({
      home: temp.home,
      bundledPacksDirs: [temp.bundled],
      logger: silentLogger(),
      sensors: false,
    });
  beforeEach(async () => {
    temp = await makeTempHome();
    await temp.write('packs/demo/pack.yaml', packYaml('demo'));
    await temp.write('packs/demo/actions/wait_for.yaml', WAIT_FOR);
    await temp.write('packs/demo/policies/one_at_a_time.yaml', ONE_AT_A_TIME);
  });
  afterEach(async () => {
    await engine?.stop();
    await temp.cleanup();
  });

  it('stays delayed through a kill -9 and runs once the slot frees after the restart', async () => {
    const gate = (n: number) => JSON.stringify({ gate: `${temp.home}/gate-${n}` });
    const { ids, kill } = await startEngineChild(temp, 'DELAYED', [
      'twice',
      'demo.wait_for',
      gate(1),
      gate(2),
    ]);
    const [first = '', second = ''] = ids;
    await kill();
    await temp.write('gate-2', '');
    engine = await start();
    const status = (id: string) => async () => (await engine!.store.getExecution(id))?.status;
    // The first was running when the engine died: abandoned, so its slot is free again.
    await expect.poll(status(first), { timeout: 20_000 }).toBe('abandoned');
    await expect.poll(status(second), { timeout: 20_000 }).toBe('succeeded');
  });
});
