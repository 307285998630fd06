import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { squall } from '../cli/helpers/capture-io.js';
import { useServedEngine } from '../support/served-engine.js';
import { packYaml, type TempHome } from '../support/temp-home.js';

// A bundled pack whose rule is marked as Squall's own upkeep, and the same rule in an installed pack:
// only the bundled one may hide what it runs.
const upkeepRule = (pack: string, url: string): string => `name: tidy
pack: ${pack}
enabled: true
tags:
  - { name: squall.system, value: upkeep }
trigger: { type: core.st2.webhook, parameters: { url: ${url} } }
action: { ref: core.noop }
`;

// The rollback action behind a webhook instead of the 15 s timer, so a test can tick it at will.
const ROLLBACK_TICK = `name: rollback_tick
pack: default
enabled: true
trigger: { type: core.st2.webhook, parameters: { url: tick } }
action: { ref: packs.rollback_expired }
`;

async function writeBundledPack(temp: TempHome): Promise<void> {
  const dir = path.join(temp.bundled, 'upkeep');
  await mkdir(path.join(dir, 'rules'), { recursive: true });
  await writeFile(path.join(dir, 'pack.yaml'), packYaml('upkeep'));
  await writeFile(path.join(dir, 'rules', 'tidy.yaml'), upkeepRule('upkeep', 'tidy'));
}

interface ExecutionBody {
  id: string;
  rule: string | null;
  action: string;
}

describe("Squall's own executions", () => {
  const current = useServedEngine({
    bundled: ['core', 'packs'],
    prepare: async (temp) => {
      await writeBundledPack(temp);
      await temp.write('packs/mine/pack.yaml', packYaml('mine'));
      await temp.write('packs/mine/rules/tidy.yaml', upkeepRule('mine', 'mine-tidy'));
      await temp.write('rules/rollback_tick.yaml', ROLLBACK_TICK);
    },
  });

  const list = async (query = ''): Promise<ExecutionBody[]> =>
    (await current.api('GET', `/executions${query}`)).body as ExecutionBody[];

  it('are left out of execution list unless --all (or the rule is asked for); a pack from git cannot hide its own', async () => {
    expect((await current.api('POST', '/webhooks/tidy', {})).status).toBe(202);
    expect((await current.api('POST', '/webhooks/mine-tidy', {})).status).toBe(202);
    await current.engine.idle();
    const all = await list('?all=true');
    expect(all.map((e) => e.rule).sort()).toEqual(['mine.tidy', 'upkeep.tidy']);
    expect((await list()).map((e) => e.rule)).toEqual(['mine.tidy']);
    expect((await list('?rule=upkeep.tidy')).map((e) => e.rule)).toEqual(['upkeep.tidy']);

    const cli = await squall(['execution', 'list', '--json', '--home', current.temp.home]);
    expect(cli.json<ExecutionBody[]>().map((e) => e.rule)).toEqual(['mine.tidy']);
    const cliAll = await squall(['execution', 'list', '--all', '--json', '--home', current.temp.home]);
    expect(cliAll.json<ExecutionBody[]>()).toHaveLength(2);
  });

  it('the bundled rollback rule is one of them', async () => {
    const rule = (await current.api('GET', '/rules/packs.rollback_expired')).body as { tags: unknown[] };
    expect(rule.tags).toContainEqual({ name: 'squall.system', value: 'upkeep' });
  });

  it('a rollback tick with nothing due leaves no execution and no enforcement', async () => {
    expect((await current.api('POST', '/webhooks/tick', {})).status).toBe(202);
    await current.engine.idle();
    const instances = (await current.api('GET', '/triggerinstances?trigger=core.st2.webhook')).body as {
      status: string;
    }[];
    expect(instances.map((instance) => instance.status)).toEqual(['processed']);
    expect(await list('?all=true&action=packs.rollback_expired')).toEqual([]);
    expect((await current.api('GET', '/ruleenforcements?rule=default.rollback_tick')).body).toEqual([]);
  });
});
