import { describe, expect, it } from 'vitest';

import { squall } from '../cli/helpers/capture-io.js';
import { useServedEngine } from '../support/served-engine.js';

const GOOD = `name: on_hook
pack: default
enabled: true
trigger:
  type: core.st2.webhook
  parameters: { url: hook }
action:
  ref: core.noop
`;
// Line 8: an operator that does not exist, so this version is refused and the good one keeps serving.
const BROKEN = `${GOOD}criteria:
  trigger.body.x: { type: equalz, pattern: 1 }
`;

interface RuleJson {
  ref: string;
  load_error?: { file: string; line?: number; message: string; keptPrevious?: boolean };
  issues: { severity: string; message: string }[];
}

describe('rule list and rule get say when the file on disk is broken and an older version serves', () => {
  const served = useServedEngine({
    prepare: (temp) => temp.write('rules/on_hook.yaml', GOOD).then(() => {}),
  });

  it('shows the load error with file, line and fix in the API and the CLI', async () => {
    const file = await served.temp.write('rules/on_hook.yaml', BROKEN);
    await served.engine.reload();
    const home = served.temp.home;

    const got = await served.api('GET', '/rules/default.on_hook');
    expect(got.status).toBe(200);
    const rule = got.body as RuleJson;
    expect(rule.load_error).toMatchObject({ file, line: 10, keptPrevious: true });
    expect(rule.load_error?.message).toContain('did you mean "equals"?');
    expect(rule.load_error?.message.split(file)).toHaveLength(2);

    const listed = (await served.api('GET', '/rules')).body as RuleJson[];
    expect(listed.find((item) => item.ref === 'default.on_hook')?.load_error).toBeDefined();

    const list = await squall(['rule', 'list', '--home', home]);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/^default\.on_hook\s+enabled\s.*broken: older version serving$/m);

    const human = await squall(['rule', 'get', 'default.on_hook', '--home', home]);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toContain(`load error: ${file}:10: rule default.on_hook: unknown operator "equalz"`);
    expect(human.stdout).toContain('previous version of the file is serving');

    await served.temp.write('rules/on_hook.yaml', GOOD);
    await served.engine.reload();
    const fixed = (await served.api('GET', '/rules/default.on_hook')).body as RuleJson;
    expect(fixed.load_error).toBeUndefined();
    expect((await squall(['rule', 'list', '--home', home])).stdout).toMatch(
      /^default\.on_hook\s+enabled\s.*\sok$/m,
    );
  });

  it('answers why when a rule file never loaded', async () => {
    await served.temp.write('rules/other.yaml', BROKEN.replace('on_hook', 'other'));
    await served.engine.reload();
    const missing = await served.api('GET', '/rules/default.other');
    expect(missing.status).toBe(404);
    expect(JSON.stringify(missing.body)).toContain('its file does not load');
    expect(JSON.stringify(missing.body)).toContain('did you mean \\"equals\\"?');
  });
});
