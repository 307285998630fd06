import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { createRunnerRegistry } from '../../src/actions/create-runner-registry.js';
import { EventBus } from '../../src/bus/event-bus.js';
import { silentLogger } from '../../src/common/logger.js';
import { readUtf8 } from '../../src/parsing/read-text.js';
import { ContentManager } from '../../src/snapshot/content-manager.js';
import { makeTempHome, packYaml, type TempHome } from '../support/temp-home.js';

const rule = (name: string, pattern: string, type = 'demo.event'): string => `name: ${name}
pack: demo
enabled: true
trigger: { type: ${type} }
criteria:
  trigger.kind: { type: equals, pattern: ${pattern} }
action:
  ref: core.noop
`;

describe('a reload reads only what changed', () => {
  let temp: TempHome;
  let manager: ContentManager;
  let reads: string[];

  const open = async (): Promise<ContentManager> =>
    ContentManager.open({
      home: temp.home,
      bundledPacksDirs: [temp.bundled],
      logger: silentLogger(),
      bus: new EventBus(),
      runners: createRunnerRegistry(),
      readText: (file) => {
        reads.push(file);
        return readUtf8(file);
      },
    });
  const readsOf = async (reload: () => Promise<unknown>): Promise<string[]> => {
    reads = [];
    await reload();
    return reads.map((file) => path.relative(temp.home, file));
  };

  beforeEach(async () => {
    reads = [];
    temp = await makeTempHome();
    await temp.write('packs/demo/pack.yaml', packYaml('demo'));
    await temp.write('packs/demo/triggers/event.yaml', 'name: event\nparameters_schema: {type: object}\n');
    for (let n = 0; n < 50; n++) await temp.write(`packs/demo/rules/r${n}.yaml`, rule(`r${n}`, 'a'));
    manager = await open();
  });

  afterEach(async () => {
    await manager.stop();
    await temp.cleanup();
  });

  it('re-reads the one changed rule file and shares every other definition with the previous snapshot', async () => {
    const before = manager.current();
    const file = await temp.write('packs/demo/rules/r7.yaml', rule('r7', 'b'));
    expect(await readsOf(() => manager.reload([file]))).toEqual(['packs/demo/rules/r7.yaml']);
    const after = manager.current();
    expect(after.version).toBe(before.version + 1);
    expect(after.rules.get('demo.r7')?.spec.criteria?.['trigger.kind']?.pattern).toBe('b');
    expect(after.rules.get('demo.r8')).toBe(before.rules.get('demo.r8'));
    expect(after.actions.get('core.noop')).toBe(before.actions.get('core.noop'));
    expect(after.triggerTypes.get('demo.event')).toBe(before.triggerTypes.get('demo.event'));
  });

  it('adds and removes a rule file by reading only that file', async () => {
    const added = await temp.write('packs/demo/rules/new.yaml', rule('new', 'a'));
    expect(await readsOf(() => manager.reload([added]))).toEqual(['packs/demo/rules/new.yaml']);
    expect(manager.current().rules.has('demo.new')).toBe(true);
    await rm(added);
    expect(await readsOf(() => manager.reload([added]))).toEqual([]);
    expect(manager.current().rules.has('demo.new')).toBe(false);
    expect(manager.current().rules.size).toBe(50);
  });

  it('without a list of changes, compares stamps and reads only the files that changed', async () => {
    await writeFile(path.join(temp.home, 'packs/demo/rules/r3.yaml'), rule('r3', 'c'));
    expect(await readsOf(() => manager.reload())).toEqual(['packs/demo/rules/r3.yaml']);
    expect(manager.current().rules.get('demo.r3')?.spec.criteria?.['trigger.kind']?.pattern).toBe('c');
    expect(await readsOf(() => manager.reload())).toEqual([]);
  });

  it('keeps the last good version of a broken file and reports it, then takes the fixed one', async () => {
    const good = manager.current().rules.get('demo.r1');
    const file = await temp.write('packs/demo/rules/r1.yaml', 'name: r1\ntrigger: [unclosed\n');
    await manager.reload([file]);
    expect(manager.current().rules.get('demo.r1')).toBe(good);
    const issue = manager.current().issues.find((candidate) => candidate.file === file);
    expect(issue).toMatchObject({ code: 'E_YAML', keptPrevious: true });
    await manager.reload([path.join(temp.home, 'packs/demo/rules/r2.yaml')]);
    expect(manager.current().rules.get('demo.r1')).toBe(good);
    expect(manager.current().issues.some((candidate) => candidate.file === file)).toBe(true);
    await temp.write('packs/demo/rules/r1.yaml', rule('r1', 'fixed'));
    await manager.reload([file]);
    expect(manager.current().rules.get('demo.r1')?.spec.criteria?.['trigger.kind']?.pattern).toBe('fixed');
    expect(manager.current().issues.some((candidate) => candidate.file === file)).toBe(false);
  });

  it('a changed trigger type re-checks the rules that use it without reading them', async () => {
    const strict = 'name: event\nparameters_schema: {type: object, additionalProperties: false}\n';
    await temp.write(
      'packs/demo/rules/param.yaml',
      `${rule('param', 'a')}`.replace(
        'trigger: { type: demo.event }',
        'trigger: { type: demo.event, parameters: { extra: 1 } }',
      ),
    );
    await manager.reload();
    expect(manager.current().rules.has('demo.param')).toBe(true);
    const typeFile = await temp.write('packs/demo/triggers/event.yaml', strict);
    expect(await readsOf(() => manager.reload([typeFile]))).toEqual(['packs/demo/triggers/event.yaml']);
    expect(manager.current().rules.has('demo.param')).toBe(false);
    expect(manager.current().issues.map((issue) => issue.code)).toContain('E_TRIGGER_PARAMETERS');
  });

  it('a changed pack.yaml re-reads that pack, a new pack folder is read whole', async () => {
    const meta = await temp.write('packs/demo/pack.yaml', packYaml('demo').replace('1.0.0', '1.1.0'));
    const read = await readsOf(() => manager.reload([meta]));
    expect(read).toContain('packs/demo/pack.yaml');
    expect(read.filter((file) => file.startsWith('packs/demo/rules/'))).toHaveLength(50);
    expect(manager.current().packs.get('demo')?.metadata.version).toBe('1.1.0');
    await temp.write('packs/other/pack.yaml', packYaml('other'));
    const otherRule = await temp.write(
      'packs/other/rules/x.yaml',
      rule('x', 'a').replace('pack: demo', 'pack: other'),
    );
    const readOther = await readsOf(() => manager.reload([path.dirname(path.dirname(otherRule))]));
    expect(readOther.sort()).toEqual(['packs/other/pack.yaml', 'packs/other/rules/x.yaml']);
    expect(manager.current().rules.has('other.x')).toBe(true);
    await rm(path.join(temp.home, 'packs/other'), { recursive: true });
    await manager.reload([path.join(temp.home, 'packs/other')]);
    expect(manager.current().rules.has('other.x')).toBe(false);
    expect(manager.current().packs.has('other')).toBe(false);
  });
});
