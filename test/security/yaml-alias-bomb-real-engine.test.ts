import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { createApiServer, type ApiServer } from '../../src/api/server.js';
import { silentLogger } from '../../src/common/logger.js';
import { createEngine, type Engine } from '../../src/engine/create-engine.js';
import { squall } from '../cli/helpers/capture-io.js';
import { makeGitRepo, packYamlText } from '../packs/support/git-repo.js';
import { aliasBomb } from '../support/yaml-bomb.js';
import { makeTempHome, packYaml, type TempHome } from '../support/temp-home.js';

const RULE = `name: hook
pack: demo
enabled: true
trigger: { type: core.st2.webhook, parameters: { url: demo } }
action: { ref: core.local, parameters: { cmd: 'echo served' } }
`;

async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('a YAML alias bomb cannot freeze the engine, the CLI or pack install', () => {
  let temp: TempHome;
  beforeEach(async () => {
    temp = await makeTempHome(['core']);
    await temp.write('packs/demo/pack.yaml', packYaml('demo'));
  });
  afterEach(() => temp.cleanup());

  describe('in a running engine', () => {
    let engine: Engine;
    let server: ApiServer;
    beforeEach(async () => {
      await temp.write('packs/demo/rules/hook.yaml', RULE);
      engine = await createEngine({
        ...{ home: temp.home, bundledPacksDirs: [temp.bundled], logger: silentLogger() },
        sensors: false,
        watch: true,
      });
      server = await createApiServer(engine, { port: 0 });
    });
    afterEach(async () => {
      await server.close();
      await engine.stop();
    });

    it('refuses the file with its line and bound, keeps the last good rule serving, and answers webhooks', async () => {
      const file = await temp.write('packs/demo/rules/hook.yaml', RULE + aliasBomb('x_'));
      await until(() => engine.snapshot().issues.some((issue) => issue.file === file), 'the refusal');
      const issue = engine.snapshot().issues.find((i) => i.file === file)!;
      expect(issue).toMatchObject({ code: 'E_YAML_BOUND', keptPrevious: true });
      expect(issue.message).toMatch(/hook\.yaml:\d+: YAML refused at [a-j][.\d]*: more than 200000 nodes/);

      const response = await fetch(`${server.url}/api/v1/webhooks/demo`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      expect(response.status).toBe(202);
      const { trigger_instance } = (await response.json()) as { trigger_instance: string };
      await engine.idle();
      const [execution] = await engine.store.listExecutions({ trigger_instance });
      expect(execution).toMatchObject({ status: 'succeeded', stdout: 'served' });
    });
  });

  it('lets the CLI list the rules of a home holding a bomb', async () => {
    await temp.write('rules/bomb.yaml', aliasBomb());
    await temp.write('packs/demo/rules/hook.yaml', RULE);
    const listed = await squall(['rule', 'list', '--json', '--home', temp.home]);
    expect(listed.code).toBe(0);
    expect(listed.json<{ ref: string }[]>().map((rule) => rule.ref)).toContain('demo.hook');
  });

  it('fails a pack install whose rule is a bomb, with the bound, and installs nothing', async () => {
    const repo = await makeGitRepo();
    const home = await mkdtemp(path.join(tmpdir(), 'squall-bomb-home-'));
    try {
      await repo.write('pack.yaml', packYamlText('bombed'));
      await repo.write('rules/bomb.yaml', aliasBomb());
      repo.commit('a bomb');
      const installed = await squall(['pack', 'install', repo.url, '--home', home]);
      expect(installed.code).not.toBe(0);
      expect(installed.stderr).toMatch(/bomb\.yaml:\d+: YAML refused/);
      const listed = await squall(['pack', 'list', '--json', '--home', home]);
      expect(listed.json<{ ref: string }[]>().map((pack) => pack.ref)).not.toContain('bombed');
    } finally {
      await repo.cleanup();
      await rm(home, { recursive: true, force: true });
    }
  });
});
