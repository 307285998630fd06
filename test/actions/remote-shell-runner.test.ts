import { existsSync } from 'node:fs';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createEngine, type Engine } from '../../src/engine/create-engine.js';
import type { Execution } from '../../src/domain/execution.js';
import { silentLogger } from '../../src/common/logger.js';
import { SSHD, startLoopbackSshd, type LoopbackSshd } from '../support/loopback-sshd.js';
import { makeTempHome, packYaml, type TempHome } from '../support/temp-home.js';

const HAVE_SSHD = existsSync(SSHD);

const ACTIONS: Record<string, string> = {
  'greet.yaml': `name: greet
runner_type: remote-shell-cmd
parameters:
  private_key: { default: "{{ st2kv.system.ssh_key | decrypt_kv }}" }
  who: { type: string, default: world }
  cmd: { default: 'echo "hello {{ who }}" && pwd && echo "to stderr" >&2 && echo $GREETING' }
  env: { default: { GREETING: from-env } }
`,
  'json.yaml': `name: json
runner_type: remote-shell-cmd
parameters:
  private_key: { default: "{{ config_context.ssh_key }}" }
  cmd: { default: 'echo "{\\"answer\\": 42}"; exit 3' }
`,
  'slow.yaml': `name: slow
runner_type: remote-shell-cmd
parameters:
  private_key: { default: "{{ st2kv.system.ssh_key | decrypt_kv }}" }
  cmd: { default: sleep 30 }
  timeout: { default: 1 }
`,
  'deploy.yaml': `name: deploy
runner_type: remote-shell-script
entry_point: deploy.sh
parameters:
  private_key: { default: "{{ st2kv.system.ssh_key | decrypt_kv }}" }
  service: { type: string, position: 0 }
  dry_run: { type: boolean, default: false }
  note: { type: string }
`,
  'deploy.sh': `#!/usr/bin/env bash
. "$(dirname "$0")/lib/helper.sh"
helper_says "args: $*"
echo "dir: $(basename "$(dirname "$0")")"
`,
  'lib/helper.sh': 'helper_says() { echo "helper: $1"; }\n',
};

describe.skipIf(!HAVE_SSHD)('remote-shell runners over OpenSSH against a real sshd', () => {
  let sshd: LoopbackSshd;
  let home: TempHome;
  let engine: Engine;
  let hosts: string;
  const run = async (action: string, parameters: Record<string, unknown> = {}): Promise<Execution> => {
    const requested = await engine.run({ action: `rem.${action}`, parameters: { hosts, ...parameters } });
    return engine.waitForExecution(requested.id, { timeoutMs: 25_000 });
  };
  const onHost = (execution: Execution, host = hosts): Record<string, unknown> =>
    (execution.result as Record<string, Record<string, unknown>>)[host] ?? {};

  beforeAll(async () => {
    sshd = await startLoopbackSshd();
    hosts = `127.0.0.1:${sshd.port}`;
    home = await makeTempHome();
    await home.write('packs/rem/pack.yaml', packYaml('rem'));
    await home.write('packs/rem/config.schema.yaml', 'ssh_key:\n  type: string\n  secret: true\n');
    for (const [file, text] of Object.entries(ACTIONS)) await home.write(`packs/rem/actions/${file}`, text);
    await home.write(
      'squall.yaml',
      `ssh:\n  user: ${sshd.user}\n  known_hosts_file: ${sshd.knownHosts}\n  connect_timeout: 5\n`,
    );
    await home.write('configs/rem.yaml', `ssh_key: ${JSON.stringify(sshd.clientKey)}\n`);
    engine = await createEngine({
      home: home.home,
      bundledPacksDirs: [home.bundled],
      logger: silentLogger(),
      sensors: false,
    });
    await engine.datastore.set('system', 'ssh_key', sshd.clientKey, { secret: true });
  });
  afterAll(async () => {
    await engine?.stop();
    await home?.cleanup();
    await sshd?.stop();
  });

  it('runs cmd on the host with the key from the datastore: st2’s per-host result, env exported, cwd /tmp', async () => {
    const execution = await run('greet');
    expect(execution.status, execution.error ?? '').toBe('succeeded');
    expect(onHost(execution)).toEqual({
      stdout: 'hello world\n/tmp\nfrom-env',
      stderr: 'to stderr',
      return_code: 0,
      succeeded: true,
      failed: false,
    });
  });

  it('quotes values rendered into cmd: they never run on the remote shell', async () => {
    const marker = path.join(home.home, 'pwned');
    const execution = await run('greet', { who: `$(touch ${marker})` });
    expect(execution.status).toBe('succeeded');
    expect(String(onHost(execution)['stdout'])).toContain(`hello $(touch ${marker})`);
    expect(existsSync(marker)).toBe(false);
  });

  it('takes the key from the pack config; JSON output is parsed; a non-zero exit fails with its code', async () => {
    const execution = await run('json');
    expect(execution.status).toBe('failed');
    expect(onHost(execution)).toMatchObject({ stdout: { answer: 42 }, return_code: 3, failed: true });
  });

  it('refuses a host whose key is not in known_hosts', async () => {
    const unknown = `localhost:${sshd.port}`;
    const execution = await run('greet', { hosts: unknown });
    expect(execution.status).toBe('failed');
    expect(onHost(execution, unknown)).toMatchObject({ return_code: 255, succeeded: false });
    expect(String(onHost(execution, unknown)['error'])).toMatch(/Host key verification failed/);
  });

  it('copies a script and its lib/ to <dir>/<execution id>, runs it with st2’s arguments, then deletes it', async () => {
    const execution = await run('deploy', { service: 'web', dry_run: true, note: 'a b' });
    expect(execution.status, execution.error ?? '').toBe('succeeded');
    expect(onHost(execution)['stdout']).toBe(`helper: args: --dry_run --note=a b web\ndir: ${execution.id}`);
    expect(existsSync(path.join('/tmp', execution.id))).toBe(false);
  });

  it('kills ssh on timeout: status timeout, return code -9', async () => {
    const execution = await run('slow');
    expect(execution.status).toBe('timeout');
    expect(onHost(execution)).toMatchObject({ return_code: -9, timeout: true, failed: true });
  });

  it('refuses password log-in, which batch-mode ssh cannot type', async () => {
    const execution = await run('greet', { password: 'hunter2' });
    expect(execution.status).toBe('failed');
    expect(execution.error).toContain('password log-in is not supported');
  });
});

if (!HAVE_SSHD && process.env['CI'] === 'true') {
  it('has sshd for the remote-shell runner tests', () => {
    throw new Error(`${SSHD} is required under CI=true: install openssh-server (.ci/run does)`);
  });
}
