import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { squall } from '../cli/helpers/capture-io.js';
import { makeTempHome, packYaml, type TempHome } from '../support/temp-home.js';
import { DATASTORE_SECRET, OPS_ALIASES } from './helpers/chatops-home.js';

describe('squall alias and squall chat, without a server', () => {
  let home: TempHome;
  const at = (...args: string[]): string[] => [...args, '--home', home.home];

  beforeAll(async () => {
    home = await makeTempHome();
    await home.write('packs/ops/pack.yaml', packYaml('ops'));
    for (const [file, text] of Object.entries(OPS_ALIASES))
      await home.write(`packs/ops/aliases/${file}`, text);
    await home.write(
      'loose/good.yaml',
      'name: deploy\npack: web\naction_ref: web.deploy\nformats:\n  - "deploy {{ app }} {{ env=staging }}"\n',
    );
    await home.write(
      'loose/bad.yaml',
      'name: broken\naction_ref: core.local\nformats:\n  - "run {{ 1cmd }}"\n',
    );
  });
  afterAll(async () => {
    await home.cleanup();
  });

  it('lists aliases', async () => {
    const table = await squall(at('alias', 'list', '--pack', 'ops'));
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^REF +ENABLED +ACTION +FORMATS$/m);
    expect(table.stdout).toMatch(/^ops\.run +enabled +core\.local +run \{\{ cmd \}\}$/m);
    const json = await squall(at('alias', 'list', '--json'));
    expect(json.json<{ ref: string }[]>().map((alias) => alias.ref)).toContain('ops.status_b');
  });

  it('matches a command: exit 0 with the alias and parameters as JSON, 1 on none or several', async () => {
    const match = await squall(at('alias', 'match', 'run uptime -p'));
    expect(match.code).toBe(0);
    expect(match.json()).toMatchObject({
      actionalias: { ref: 'ops.run', action_ref: 'core.local' },
      display: 'run {{ cmd }}',
      parameters: { cmd: 'uptime -p' },
    });
    const none = await squall(at('alias', 'match', 'fly to the moon'));
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('no enabled alias matches');
    const several = await squall(at('alias', 'match', 'status web'));
    expect(several.code).toBe(1);
    expect(several.stderr).toContain('ops.status_a, ops.status_b');
  });

  it('matches against one alias file with --alias: exit 2 when the file is invalid', async () => {
    const good = await squall(['alias', 'match', 'deploy shop', '--alias', 'loose/good.yaml'], {
      cwd: home.home,
    });
    expect(good.code).toBe(0);
    expect(good.json()).toMatchObject({
      actionalias: { ref: 'web.deploy' },
      parameters: { app: 'shop', env: 'staging' },
    });
    const bad = await squall(['alias', 'match', 'run x', '--alias', 'loose/bad.yaml'], { cwd: home.home });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('bad.yaml');
    const missing = await squall(['alias', 'match', 'run x', '--alias', 'loose/none.yaml'], {
      cwd: home.home,
    });
    expect(missing.code).toBe(2);
  });

  it('runs a chat command as a user, printing the ack then the result', async () => {
    const run = await squall(at('chat', 'run echo hi-from-cli', '--user', 'alice'));
    expect(run.code).toBe(0);
    const ack = run.stdout.indexOf('On it, echo hi-from-cli (ops.run)');
    const result = run.stdout.indexOf('core.local succeeded');
    expect(ack).toBeGreaterThanOrEqual(0);
    expect(result).toBeGreaterThan(ack);
    expect(run.stdout).toContain('hi-from-cli');
    const failed = await squall(at('chat', 'run echo out; exit 3', '--user', 'alice'));
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain('core.local ended: failed');
  });

  it('refuses a user the alias does not allow (exit 1) and answers help', async () => {
    const refused = await squall(at('chat', 'reboot web1', '--user', 'mallory'));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Sorry mallory, you are not allowed to run "ops.restricted"');
    const help = await squall(at('chat', 'help', '--user', 'mallory'));
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('run {{ cmd }} — Run a shell command');
    expect(help.stdout).not.toContain('reboot');
  });

  it('confirms across two runs: the pending confirmation is kept in the datastore', async () => {
    const asked = await squall(at('chat', 'wipe the cache', '--user', 'bob'));
    expect(asked.code).toBe(0);
    const code = /`confirm ([0-9a-f]+)`/.exec(asked.stdout)?.[1];
    expect(code).toBeDefined();
    const stranger = await squall(at('chat', `confirm ${code}`, '--user', 'eve'));
    expect(stranger.code).toBe(2);
    const confirmed = await squall(at('chat', `confirm ${code}`, '--user', 'bob'));
    expect(confirmed.code).toBe(0);
    expect(confirmed.stdout).toContain('wiped');
    const again = await squall(at('chat', `confirm ${code}`, '--user', 'bob'));
    expect(again.stderr).toContain(`No command is waiting for confirmation ${code}`);
  });

  it('masks a secret datastore value in what it prints', async () => {
    expect((await squall(at('key', 'set', 'api_token', DATASTORE_SECRET, '--encrypt'))).code).toBe(0);
    const run = await squall(at('chat', 'show credentials', '--user', 'alice'));
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('token=********');
    expect(run.stdout).not.toContain(DATASTORE_SECRET);
  });
});
