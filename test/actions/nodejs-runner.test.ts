import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { defineAction, makeTempDir, runAction, runnerContext, registry } from './action-fixtures.js';

describe('nodejs runner', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let packDir: string;
  beforeEach(async () => {
    temp = await makeTempDir();
    packDir = path.join(temp.dir, 'pack');
    await mkdir(path.join(packDir, 'actions'), { recursive: true });
  });
  afterEach(() => temp.cleanup());

  const write = (name: string, code: string) => writeFile(path.join(packDir, 'actions', name), code);
  const nodeAction = (entry_point: string, parameters = {}) =>
    defineAction({ runner_type: 'nodejs', entry_point, parameters }, packDir);

  it('calls the default export with parameters and context and returns its result', async () => {
    await write(
      'add.mjs',
      'export default async function (params, context) { console.log("adding"); return { sum: params.a + params.b, pack: context.pack, config: context.config }; }',
    );
    const action = nodeAction('add.mjs', { a: { type: 'integer' }, b: { type: 'integer' } });
    const runner = registry.get('nodejs')!;
    const run = await runner.run({
      ...runnerContext(action, { a: 2, b: 3, timeout: 10 }),
      packConfig: { region: 'eu' },
    });
    expect(run.status).toBe('succeeded');
    expect(run.result).toEqual({
      result: { sum: 5, pack: 'tests', config: { region: 'eu' } },
      stdout: 'adding',
      stderr: '',
      exit_code: 0,
    });
  });

  it('accepts a named run export in a .js ES module', async () => {
    await writeFile(path.join(packDir, 'package.json'), '{"type": "module"}');
    await write('named.js', 'export function run(params) { return params.name.toUpperCase(); }');
    const run = await runAction(nodeAction('named.js', { name: { type: 'string' } }), { name: 'squall' });
    expect(run.result).toMatchObject({ result: 'SQUALL' });
  });

  it('runs a TypeScript module through tsx', async () => {
    await write(
      'typed.ts',
      'interface P { n: number }\nexport default (params: P): number => params.n * 2;\n',
    );
    const run = await runAction(nodeAction('typed.ts', { n: { type: 'integer' } }), { n: 21 });
    expect(run.status).toBe('succeeded');
    expect(run.result).toMatchObject({ result: 42 });
  });

  it('fails with the thrown error message', async () => {
    await write('throws.mjs', 'export default () => { throw new Error("disk on fire"); }');
    const run = await runAction(nodeAction('throws.mjs'), {});
    expect(run.status).toBe('failed');
    expect(run.error).toBe('disk on fire');
    expect(run.result).toMatchObject({ result: null, error: 'disk on fire' });
  });

  it('fails clearly when the module exports no function', async () => {
    await write('nothing.mjs', 'export const x = 1;');
    const run = await runAction(nodeAction('nothing.mjs'), {});
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/exports no function/);
  });

  it('times out an action that never returns, whatever it left running', async () => {
    await write('hangs.mjs', 'export default () => new Promise(() => setInterval(() => {}, 1000));');
    const run = await runAction(nodeAction('hangs.mjs'), { timeout: 1 });
    expect(run.status).toBe('timeout');
  });

  it('is not held open by timers the action leaves behind after returning', async () => {
    await write('leaves-timer.mjs', 'export default () => { setInterval(() => {}, 1000); return "done"; }');
    const started = Date.now();
    const run = await runAction(nodeAction('leaves-timer.mjs'), { timeout: 20 });
    expect(run.status).toBe('succeeded');
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('reports a process that exits before answering', async () => {
    await write('exits.mjs', 'export default () => process.exit(3);');
    const run = await runAction(nodeAction('exits.mjs'), {});
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/exited with code 3 before returning a result/);
  });

  it('refuses an entry point outside the pack', async () => {
    await writeFile(path.join(temp.dir, 'evil.mjs'), 'export default () => 1;');
    const run = await runAction(nodeAction('../../evil.mjs'), {});
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/outside the pack folder/);
  });
});
