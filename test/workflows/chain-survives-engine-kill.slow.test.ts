// Slow (a second engine process under tsx, killed with SIGKILL): runs in `npm run test:slow`.
import { readFile } from 'node:fs/promises';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { silentLogger } from '../../src/common/logger.js';
import { createEngine } from '../../src/engine/create-engine.js';
import type { ChainResult } from '../../src/workflows/action-chain/chain-conductor.js';
import { startEngineChild } from '../support/start-engine-child.js';
import { makeTempHome, packYaml, type TempHome } from '../support/temp-home.js';

const node = (name: string, next?: string) =>
  `  - name: ${name}\n    ref: core.local\n    params: { cmd: 'echo ${name} >> {{ log }}' }\n${next ? `    on-success: ${next}\n` : ''}`;

/** Seven nodes; the fourth asks a person, so the engine can be killed while the chain waits. */
const CHAIN = `vars:
  log: LOG
chain:
${node('n1', 'n2')}${node('n2', 'n3')}${node('n3', 'ask')}  - name: ask
    ref: core.ask
    params: { schema: { type: object, properties: { go: { type: boolean, required: true } } } }
    on-success: n5
${node('n5', 'n6')}${node('n6', 'n7')}${node('n7')}`;

describe('an ActionChain survives kill -9 of its engine', () => {
  let temp: TempHome;
  beforeEach(async () => {
    temp = await makeTempHome();
  });
  afterEach(() => temp.cleanup());

  it('continues where it was after a restart: no node runs twice, none is skipped', async () => {
    const log = path.join(temp.home, 'ran.log');
    await temp.write('packs/demo/pack.yaml', packYaml('demo'));
    await temp.write(
      'packs/demo/actions/seven.yaml',
      'name: seven\nrunner_type: action-chain\nentry_point: chains/seven.yaml\nenabled: true\n',
    );
    await temp.write('packs/demo/actions/chains/seven.yaml', CHAIN.replace('LOG', log));
    const { ids, kill } = await startEngineChild(temp, 'PENDING', ['ask', 'demo.seven']);
    const [chain = '', inquiry = ''] = ids;
    await kill();
    expect(await readFile(log, 'utf8')).toBe('n1\nn2\nn3\n');

    const engine = await createEngine({
      home: temp.home,
      bundledPacksDirs: [temp.bundled],
      logger: silentLogger(),
      sensors: false,
    });
    try {
      expect((await engine.store.getExecution(chain))?.status).toBe('paused');
      await engine.inquiries.respond(inquiry, { go: true }, { user: 'stanley' });
      const done = await engine.waitForExecution(chain, { timeoutMs: 60_000 });
      expect(done.status).toBe('succeeded');
      expect(await readFile(log, 'utf8')).toBe('n1\nn2\nn3\nn5\nn6\nn7\n');
      const result = done.result as ChainResult;
      expect(result.tasks.map((task) => [task.name, task.state])).toEqual(
        ['n1', 'n2', 'n3', 'ask', 'n5', 'n6', 'n7'].map((name) => [name, 'succeeded']),
      );
      const children = await engine.store.listExecutions({ parent: chain, limit: 0 });
      expect(children).toHaveLength(7);
    } finally {
      await engine.stop();
    }
  });
});
