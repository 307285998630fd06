import { readFile } from 'node:fs/promises';
import path from 'node:path';

import { ST2_CORPUS } from '../../support/st2-corpus.js';
import type { TempHome } from '../../support/temp-home.js';
import { fixture } from './run-workflow.js';

/** StackStorm's examples pack metadata (from the corpus) → the chain fixture with the same structure. */
export const EXAMPLE_CHAINS: Readonly<Record<string, string>> = {
  'chain-sequential.yaml': 'chains/sequential.yaml',
  'echochain.meta.yaml': 'chains/echochain.yaml',
  'echochain_param.meta.yaml': 'chains/echochain-param.yaml',
  'echochain_task_failure.meta.yaml': 'chains/echochain-task-failure.yaml',
  'echochain_top_level_failure.meta.yaml': 'chains/echochain-top-level-failure.yaml',
  'chain-test-inquiry.yaml': 'chains/inquiry.yaml',
};

/**
 * Writes the `examples` pack into a home: pack.yaml and the action metadata files exactly as the
 * st2 corpus has them, each chain file (which the corpus leaves out) from test/workflows/fixtures
 * at the metadata's entry_point.
 */
export async function writeExamplesPack(temp: TempHome): Promise<void> {
  const corpus = path.join(ST2_CORPUS, 'examples');
  await temp.write('packs/examples/pack.yaml', await readFile(path.join(corpus, 'pack.yaml'), 'utf8'));
  for (const [metadata, chain] of Object.entries(EXAMPLE_CHAINS)) {
    const text = await readFile(path.join(corpus, 'actions', metadata), 'utf8');
    await temp.write(`packs/examples/actions/${metadata}`, text);
    const entry = /entry_point:\s*"?([^"\n]+)"?/.exec(text)?.[1];
    if (!entry) throw new Error(`${metadata}: no entry_point`);
    await temp.write(`packs/examples/actions/${entry}`, fixture(chain));
  }
}
