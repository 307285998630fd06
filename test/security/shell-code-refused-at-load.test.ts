import { describe, expect, it } from 'vitest';

import { useTempEngine } from '../support/temp-engine.js';
import { packYaml } from '../support/temp-home.js';

const rule = (name: string, cmd: string): string => `name: ${name}
pack: demo
enabled: true
trigger: { type: core.st2.webhook, parameters: { url: demo } }
action:
  ref: core.local
  parameters:
    cmd: ${JSON.stringify(cmd)}
`;

const ACTION = `name: reinterpret
runner_type: local-shell-cmd
parameters:
  word: { type: string }
  cmd:
    default: "bash -c 'echo {{ word }}'"
`;

describe('templates a shell would run as code are refused when their file loads', () => {
  const current = useTempEngine({
    prepare: async (temp) => {
      await temp.write('packs/demo/pack.yaml', packYaml('demo'));
      await temp.write('packs/demo/rules/evil.yaml', rule('evil', 'eval {{ trigger.body.x }}'));
      await temp.write('packs/demo/rules/ssh.yaml', rule('ssh', 'ssh web1 uptime {{ trigger.body.x }}'));
      await temp.write('packs/demo/rules/fine.yaml', rule('fine', 'echo {{ trigger.body.x }}'));
      await temp.write('packs/demo/actions/reinterpret.yaml', ACTION);
    },
  });

  it('refuses rules that pass a value to eval or ssh, naming the file and the fix; loads the rest', () => {
    const snapshot = current.engine.snapshot();
    expect([...snapshot.rules.keys()].filter((ref) => ref.startsWith('demo.'))).toEqual(['demo.fine']);
    for (const name of ['evil', 'ssh']) {
      const issue = snapshot.issues.find((i) => i.file.endsWith(`rules/${name}.yaml`));
      expect(issue).toMatchObject({ severity: 'error', code: 'E_TEMPLATE' });
      expect(issue?.message).toMatch(/argument or an environment variable/);
    }
  });

  it('refuses an action whose shell command default re-interprets a parameter as code', () => {
    const snapshot = current.engine.snapshot();
    expect(snapshot.actions.has('demo.reinterpret')).toBe(false);
    const issue = snapshot.issues.find((i) => i.file.endsWith('actions/reinterpret.yaml'));
    expect(issue?.message).toMatch(/action demo\.reinterpret: template parameters\.cmd\.default/);
  });
});
