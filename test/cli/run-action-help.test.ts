import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { makeTempHome, packYaml, type TempHome } from '../support/temp-home.js';
import { useServedEngine } from '../support/served-engine.js';
import { squall } from './helpers/capture-io.js';

const DEPLOY = `name: deploy
pack: ops
runner_type: local-shell-cmd
description: Deploy the app somewhere.
enabled: true
parameters:
  target: { type: string, required: true, description: Where to deploy. }
  mode: { type: string, enum: [fast, safe], default: safe, description: How careful to be. }
  api_token: { type: string, secret: true, default: tok-very-secret-default }
  cmd: { immutable: true, default: 'echo {{ target }}' }
`;

const writeOps = async (temp: TempHome): Promise<void> => {
  await temp.write('packs/ops/pack.yaml', packYaml('ops'));
  await temp.write('packs/ops/actions/deploy.yaml', DEPLOY);
};

function expectParameterHelp(text: string): void {
  expect(text).toContain('ops.deploy: Deploy the app somewhere.');
  const required = text.indexOf('Required Parameters:');
  const optional = text.indexOf('Optional Parameters:');
  expect(required).toBeGreaterThan(0);
  expect(optional).toBeGreaterThan(required);
  expect(text.indexOf('    target')).toBeGreaterThan(required);
  expect(text.indexOf('    target')).toBeLessThan(optional);
  expect(text).toContain('Where to deploy.');
  expect(text).toMatch(
    / {4}mode\n {8}How careful to be\.\n {8}Type: string\n {8}Enum: fast, safe\n {8}Default: safe/,
  );
  // Runner parameters are listed with the action's.
  expect(text).toMatch(/ {4}timeout\n[\s\S]*?Default: 60/);
  expect(text).toContain('api_token (secret)');
  expect(text).toContain('Default: ********');
  expect(text).not.toContain('tok-very-secret-default');
}

describe('squall run <action> --help', () => {
  describe('against a running server', () => {
    const current = useServedEngine({ prepare: writeOps });

    it("lists the action's parameters, secret defaults masked, and runs nothing", async () => {
      const help = await squall(['run', 'ops.deploy', '--help', '--home', current.temp.home]);
      expect(help.code).toBe(0);
      expectParameterHelp(help.stdout);
      expect((await current.api('GET', '/executions')).body).toEqual([]);
      const short = await squall(['run', 'ops.deploy', '-h', '--home', current.temp.home]);
      expect(short.stdout).toBe(help.stdout);
    });
  });

  describe("from the home's content, with no server", () => {
    let temp: TempHome;
    beforeEach(async () => {
      temp = await makeTempHome();
      await writeOps(temp);
    });
    afterEach(() => temp.cleanup());

    it("lists the action's parameters the same way", async () => {
      const help = await squall(['run', 'ops.deploy', '-h', '--home', temp.home]);
      expect(help.code).toBe(0);
      expectParameterHelp(help.stdout);
    });

    it('names an unknown action, and without an action shows the command help', async () => {
      const unknown = await squall(['run', 'ops.nope', '--help', '--home', temp.home]);
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toContain('action "ops.nope" is not installed');
      const usage = await squall(['run', '--help', '--home', temp.home]);
      expect(usage.code).toBe(0);
      expect(usage.stdout).toContain('Usage: squall run');
      const missing = await squall(['run', '--home', temp.home]);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain('give the action to run');
    });
  });
});
