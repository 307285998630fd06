import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { SensorView } from '../../src/api/routes/sensors.js';
import type { WebhookView } from '../../src/api/routes/webhooks.js';
import { createApiServer } from '../../src/api/server.js';
import { writeServerRecord } from '../../src/cli/server-file.js';
import { makeTempHome, packYaml, type TempHome } from '../support/temp-home.js';
import { squall } from '../cli/helpers/capture-io.js';
import { rule, startSensorEngine, until, type SensorEngine } from './helpers/sensor-engine.js';

const SECRETS = ['tok-secret-1', 'hmac-secret-2', 'gh-secret-3'];

const SQUALL_YAML = `webhooks:
  hooks:
    secured: { token: ${SECRETS[0]}, token_header: X-Deploy-Token }
    signed:
      hmac: { secret: ${SECRETS[1]}, header: X-Signature, algorithm: sha256, prefix: "sha256=" }
  git:
    hooks:
      github: { secret: ${SECRETS[2]} }
      unsigned: {}
`;

const STEADY = `export default (service) => { let n = 0; return { poll: () => service.dispatch('e2e.pulse', { count: ++n }) }; };\n`;
const CRASHER = `export default class Crasher { setup() { throw new Error('always broken'); } }\n`;
const sensorYaml = (className: string, module: string, trigger?: string): string =>
  `class_name: ${className}\nentry_point: ${module}\npoll_interval: 0.3\n` +
  (trigger ? `trigger_types:\n  - name: ${trigger}\n` : '');

const CONTENT: Record<string, string> = Object.fromEntries([
  ['squall.yaml', SQUALL_YAML],
  ['packs/e2e/sensors/steady.yaml', sensorYaml('Steady', 'steady.mjs', 'pulse')],
  ['packs/e2e/sensors/steady.mjs', STEADY],
  ['packs/e2e/sensors/crasher.yaml', sensorYaml('Crasher', 'crasher.mjs')],
  ['packs/e2e/sensors/crasher.mjs', CRASHER],
  rule({ name: 'on_deploy', trigger: 'core.st2.webhook', parameters: { url: '/deploy/' } }),
  rule({ name: 'on_secured', trigger: 'core.st2.webhook', parameters: { url: 'secured' } }),
  rule({ name: 'on_signed', trigger: 'core.st2.webhook', parameters: { url: 'signed' } }),
  rule({ name: 'on_push', trigger: 'git.push' }),
  rule({ name: 'on_pulse', trigger: 'e2e.pulse' }),
]);

describe('squall sensor, trigger, trigger-instance and webhook commands against a running server', () => {
  let harness: SensorEngine;
  const at = (...args: string[]): string[] => [...args, '--home', harness.temp.home];

  beforeAll(async () => {
    harness = await startSensorEngine({ api: true, files: CONTENT });
    await writeServerRecord(harness.temp.home, { pid: process.pid, url: harness.url() });
  });
  afterAll(async () => {
    await harness.stop();
  });

  it('sensor list shows each pack sensor with its state, restarts and last error', async () => {
    await until(
      () => harness.engine.sensorStatus().find((s) => s.ref === 'e2e.Crasher')?.lastError != null,
      'the crasher to crash once',
    );
    await until(
      () => harness.engine.sensorStatus().find((s) => s.ref === 'e2e.Steady')?.state === 'running',
      'the steady sensor to run',
    );
    const listed = await squall(at('sensor', 'list', '--json'));
    expect(listed.code).toBe(0);
    const sensors = listed.json<SensorView[]>();
    expect(sensors.map((s) => s.ref)).toEqual(['e2e.Crasher', 'e2e.Steady']);
    expect(sensors[1]).toMatchObject({
      state: 'running',
      restarts: 0,
      last_error: null,
      trigger_types: ['e2e.pulse'],
      poll_interval: 0.3,
    });
    expect(sensors[1]?.pid).toBeTypeOf('number');
    expect(['backoff', 'starting', 'failed']).toContain(sensors[0]?.state);
    expect(sensors[0]?.last_error).toMatch(/always broken/);

    const table = await squall(at('sensor', 'list'));
    const lines = table.stdout.split('\n');
    expect(lines[0]).toMatch(/^REF +STATE +RESTARTS +PID +TRIGGERS +LAST ERROR$/);
    expect(lines.find((line) => line.startsWith('e2e.Crasher'))).toMatch(/Error: always broken$/);
    expect(lines.find((line) => line.startsWith('e2e.Steady'))).toMatch(/running +0 +\d+ +e2e\.pulse$/);
    expect(table.stderr).toBe('');

    const one = await squall(at('sensor', 'get', 'e2e.Steady'));
    expect(one.stdout).toMatch(/^state: +running$/m);
    const missing = await squall(at('sensor', 'get', 'e2e.Nope'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('sensor "e2e.Nope" is not loaded');
  });

  it('trigger list shows built-in and pack sensor trigger types', async () => {
    const listed = await squall(at('trigger', 'list', '--json'));
    const refs = listed.json<Array<{ ref: string }>>().map((type) => type.ref);
    for (const ref of [
      'core.st2.IntervalTimer',
      'core.st2.CronTimer',
      'core.st2.DateTimer',
      'core.st2.webhook',
      'core.file_watch',
      'core.file_watch.line',
      'git.push',
      'core.st2.sensor.process_exit',
      'core.st2.generic.actiontrigger',
      'e2e.pulse',
    ])
      expect(refs).toContain(ref);
    const byPack = await squall(at('trigger', 'list', '--pack', 'e2e'));
    expect(byPack.stdout).toMatch(/^e2e\.pulse +e2e/m);
  });

  it('trigger-instance list and get show what the pack sensor dispatched', async () => {
    await until(
      async () => (await harness.engine.store.listTriggerInstances({ trigger: 'e2e.pulse' })).length > 0,
      'a pulse',
    );
    const listed = await squall(
      at('trigger-instance', 'list', '--trigger', 'e2e.pulse', '-n', '1', '--json'),
    );
    const [instance] = listed.json<Array<{ id: string; trigger: string; payload: { count: number } }>>();
    expect(instance).toMatchObject({ trigger: 'e2e.pulse' });
    const got = await squall(at('trigger-instance', 'get', instance!.id));
    expect(got.code).toBe(0);
    expect(got.stdout).toMatch(new RegExp(`^id: +${instance!.id}$`, 'm'));
    expect(got.stdout).toMatch(/^payload:\n +count: \d+$/m);
    const exits = await squall(
      at('trigger-instance', 'list', '--trigger', 'core.st2.sensor.process_exit', '--json'),
    );
    expect(exits.json<unknown[]>().length).toBeGreaterThan(0);
  });

  it('webhook list shows every hook URL with its auth and rules, never a secret', async () => {
    const listed = await squall(at('webhook', 'list', '--json'));
    expect(listed.code).toBe(0);
    for (const secret of SECRETS) expect(listed.stdout).not.toContain(secret);
    const hooks = new Map(listed.json<WebhookView[]>().map((hook) => [hook.hook, hook]));
    const base = `${harness.url()}/api/v1/webhooks`;
    expect(hooks.get('deploy')).toMatchObject({
      kind: 'webhook',
      url: `${base}/deploy`,
      auth: 'none',
      trigger: 'core.st2.webhook',
      rules: ['e2e.on_deploy'],
    });
    expect(hooks.get('secured')).toMatchObject({ auth: 'token', auth_headers: ['X-Deploy-Token'] });
    expect(hooks.get('signed')).toMatchObject({ auth: 'hmac', auth_headers: ['X-Signature'] });
    expect(hooks.get('st2')).toMatchObject({ kind: 'generic', trigger: '*', auth: 'none' });
    expect(hooks.get('git/github')).toMatchObject({
      kind: 'git',
      url: `${base}/git/github`,
      auth: 'hmac',
      trigger: 'git.push',
      rules: ['e2e.on_push'],
    });
    expect(hooks.get('git/unsigned')).toMatchObject({ auth: 'none' });

    const table = await squall(at('webhook', 'list'));
    expect(table.stdout.split('\n')[0]).toMatch(/^URL +AUTH +TRIGGER +RULES$/);
    expect(table.stdout).toContain(`${base}/secured`);
    expect(table.stdout).toMatch(/token \(X-Deploy-Token\)/);
    for (const secret of SECRETS) expect(table.stdout).not.toContain(secret);
  });

  it('on a server with an API key, hooks without their own auth are listed as needing it', async () => {
    const keyed = await createApiServer(harness.engine, {
      port: 0,
      host: '127.0.0.1',
      apiKey: 'k-123-0123456789abcd',
    });
    try {
      const response = await fetch(`${keyed.url}/api/v1/webhooks`, {
        headers: { 'St2-Api-Key': 'k-123-0123456789abcd' },
      });
      const hooks = new Map(((await response.json()) as WebhookView[]).map((hook) => [hook.hook, hook]));
      expect(hooks.get('deploy')).toMatchObject({ auth: 'api-key', auth_headers: ['St2-Api-Key'] });
      expect(hooks.get('st2')?.auth).toBe('api-key');
      expect(hooks.get('git/unsigned')?.auth).toBe('api-key');
      expect(hooks.get('secured')?.auth).toBe('token');
      expect((await fetch(`${keyed.url}/api/v1/sensors`)).status).toBe(401);
    } finally {
      await keyed.close();
    }
  });
});

describe('squall sensor list and webhook list without a server (engine opened in-process)', () => {
  let temp: TempHome;
  const at = (...args: string[]): string[] => [...args, '--home', temp.home];

  beforeAll(async () => {
    temp = await makeTempHome();
    await temp.write('packs/e2e/pack.yaml', packYaml('e2e'));
    for (const [file, text] of Object.entries(CONTENT)) await temp.write(file, text);
    await temp.write('packs/e2e/sensors/legacy.yaml', 'class_name: Legacy\nentry_point: legacy.py\n');
  });
  afterAll(async () => {
    await temp.cleanup();
  });

  it('lists sensors as stopped (they run only under squall start) and says why', async () => {
    const listed = await squall(at('sensor', 'list', '--json'), { env: { SQUALL_LOG_LEVEL: 'silent' } });
    expect(listed.code).toBe(0);
    expect(listed.stderr).toContain('pack sensors run only under `squall start`');
    const sensors = new Map(listed.json<SensorView[]>().map((sensor) => [sensor.ref, sensor]));
    expect(sensors.get('e2e.Steady')).toMatchObject({ state: 'stopped', pid: null, restarts: 0 });
    expect(sensors.get('e2e.Legacy')).toMatchObject({ state: 'unsupported' });
    expect(sensors.get('e2e.Legacy')?.last_error).toMatch(/Python sensor module legacy\.py not found/);
  });

  it('lists webhooks at the address squall start will serve them on', async () => {
    const listed = await squall(at('webhook', 'list', '--json'), { env: { SQUALL_LOG_LEVEL: 'silent' } });
    const hooks = new Map(listed.json<WebhookView[]>().map((hook) => [hook.hook, hook]));
    expect(hooks.get('deploy')?.url).toBe('http://127.0.0.1:9101/api/v1/webhooks/deploy');
    expect(hooks.get('git/github')).toMatchObject({ auth: 'hmac' });
    for (const secret of SECRETS) expect(listed.stdout).not.toContain(secret);
  });
});
