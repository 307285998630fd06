import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { createRunnerRegistry } from '../../src/actions/create-runner-registry.js';
import { loadContent } from '../../src/snapshot/load-content.js';
import { TIMER_TRIGGER_TYPES } from '../../src/sensors/timers/timer-trigger-types.js';
import { makeTempHome, packYaml, type TempHome } from '../support/temp-home.js';

const rule = (name: string, unit: string): string => `name: ${name}
pack: demo
enabled: true
trigger:
  type: core.st2.IntervalTimer
  parameters: { unit: ${unit}, delta: 5 }
action: { ref: core.noop }
`;

describe("a rule's trigger parameters are checked against the trigger type", () => {
  let temp: TempHome;
  beforeEach(async () => {
    temp = await makeTempHome();
    await temp.write('packs/demo/pack.yaml', packYaml('demo'));
    await temp.write('packs/demo/rules/good.yaml', rule('good', 'seconds'));
    await temp.write('packs/demo/rules/bad.yaml', rule('bad', 'fortnights'));
  });
  afterEach(() => temp.cleanup());

  it('loads the valid rule and refuses the invalid one, naming the file and the problem', async () => {
    const snapshot = await loadContent({
      packRoots: [
        { dir: temp.bundled, bundled: true },
        { dir: `${temp.home}/packs`, bundled: false },
      ],
      builtinTriggerTypes: TIMER_TRIGGER_TYPES,
      runners: createRunnerRegistry(),
    });
    expect(snapshot.rules.has('demo.good')).toBe(true);
    expect(snapshot.rules.has('demo.bad')).toBe(false);
    const issue = snapshot.issues.find((i) => i.code === 'E_TRIGGER_PARAMETERS');
    expect(issue?.message).toMatch(
      /bad\.yaml: rule demo\.bad: trigger\.parameters for core\.st2\.IntervalTimer are invalid: parameters\.unit/,
    );
  });
});
