import { createHmac } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createApiServer, type ApiServer } from '../../src/api/server.js';
import {
  finishedExecutions,
  instancesOf,
  rule,
  startSensorEngine,
  until,
  type SensorEngine,
} from './helpers/sensor-engine.js';

const SQUALL_YAML = `webhooks:
  hooks:
    secured:
      token: tok-123
    signed:
      hmac:
        secret: hmac-secret
        header: X-Signature
        algorithm: sha256
        prefix: "sha256="
`;

const echoApp = { ref: 'core.local', parameters: { cmd: 'echo "{{ trigger.body.app }}"' } };

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

async function post(
  url: string,
  body: string | Buffer,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const response = await fetch(url, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', ...headers },
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) };
}

const sign = (secret: string, body: string): string =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

describe('webhooks fire YAML rules through the HTTP API into recorded executions', () => {
  let harness: SensorEngine;
  let hooks: string;

  beforeAll(async () => {
    harness = await startSensorEngine({
      api: true,
      files: Object.fromEntries([
        ['squall.yaml', SQUALL_YAML],
        rule({
          name: 'on_deploy',
          trigger: 'core.st2.webhook',
          parameters: { url: 'deploy' },
          criteria: { 'trigger.body.env': { type: 'equals', pattern: 'prod' } },
          action: echoApp,
        }),
        rule({
          name: 'on_secured',
          trigger: 'core.st2.webhook',
          parameters: { url: 'secured' },
          action: echoApp,
        }),
        rule({
          name: 'on_signed',
          trigger: 'core.st2.webhook',
          parameters: { url: 'signed' },
          action: echoApp,
        }),
      ]),
    });
    hooks = `${harness.url()}/api/v1/webhooks`;
  });
  afterAll(async () => {
    await harness.stop();
  });

  async function executionFor(ruleName: string, instanceId: unknown) {
    const done = await until(
      async () => {
        const all = await finishedExecutions(harness.engine, ruleName);
        return all.find((execution) => execution.trigger_instance === instanceId);
      },
      `the ${ruleName} execution of ${String(instanceId)}`,
    );
    return done;
  }

  it('a hook without auth: 202 with the trigger instance id, then the rule runs with the body', async () => {
    const answer = await post(`${hooks}/deploy`, '{"app": "web", "env": "prod"}', {
      'St2-Trace-Tag': 'release-7',
      'X-Build': '42',
    });
    expect(answer.status).toBe(202);
    expect(answer.body).toMatchObject({ trigger: 'core.st2.webhook', body: { app: 'web', env: 'prod' } });
    const execution = await executionFor('on_deploy', answer.body['trigger_instance']);
    expect(execution).toMatchObject({ status: 'succeeded', stdout: 'web', trace_id: 'release-7' });

    const instance = await harness.engine.store.getTriggerInstance(String(answer.body['trigger_instance']));
    expect(instance?.trigger_parameters).toEqual({ url: 'deploy' });
    const headers = (instance?.payload as { headers: Record<string, string> }).headers;
    expect(headers).toMatchObject({ 'X-Build': '42', 'Content-Type': 'application/json' });
    expect(headers).not.toHaveProperty('St2-Trace-Tag');
  });

  it('criteria still decide: a staging deploy is stored but runs nothing', async () => {
    const answer = await post(`${hooks}/deploy`, '{"app": "web", "env": "staging"}');
    expect(answer.status).toBe(202);
    const id = String(answer.body['trigger_instance']);
    await until(
      async () => (await harness.engine.store.getTriggerInstance(id))?.status === 'processed',
      'the staging instance to be matched',
    );
    const executions = await harness.engine.store.listExecutions({ trigger_instance: id });
    expect(executions).toEqual([]);
  });

  it('a token hook refuses a missing (401) or wrong (403) token and strips the token from the payload', async () => {
    const before = (await instancesOf(harness.engine, 'core.st2.webhook')).length;
    expect((await post(`${hooks}/secured`, '{"app": "a"}')).status).toBe(401);
    const wrong = await post(`${hooks}/secured`, '{"app": "a"}', { 'X-Squall-Token': 'tok-999' });
    expect(wrong).toMatchObject({ status: 403, body: { code: 'E_WEBHOOK_AUTH' } });
    expect(await instancesOf(harness.engine, 'core.st2.webhook')).toHaveLength(before);

    const answer = await post(`${hooks}/secured`, '{"app": "api"}', { 'X-Squall-Token': 'tok-123' });
    expect(answer.status).toBe(202);
    expect(await executionFor('on_secured', answer.body['trigger_instance'])).toMatchObject({
      status: 'succeeded',
      stdout: 'api',
    });
    const instance = await harness.engine.store.getTriggerInstance(String(answer.body['trigger_instance']));
    expect(JSON.stringify(instance?.payload)).not.toContain('tok-123');
  });

  it('an HMAC hook runs a correctly signed body and refuses a forged signature without dispatching', async () => {
    const body = '{"app": "signed-app"}';
    const answer = await post(`${hooks}/signed`, body, { 'X-Signature': sign('hmac-secret', body) });
    expect(answer.status).toBe(202);
    expect(await executionFor('on_signed', answer.body['trigger_instance'])).toMatchObject({
      stdout: 'signed-app',
    });

    const before = (await instancesOf(harness.engine, 'core.st2.webhook')).length;
    const forged = await post(`${hooks}/signed`, '{"app": "evil"}', { 'X-Signature': sign('guess', body) });
    expect(forged).toMatchObject({ status: 403, body: { code: 'E_WEBHOOK_AUTH' } });
    const replayed = await post(`${hooks}/signed`, '{"app": "evil"}', {
      'X-Signature': sign('hmac-secret', body),
    });
    expect(replayed.status).toBe(403);
    expect(await instancesOf(harness.engine, 'core.st2.webhook')).toHaveLength(before);
  });

  it('malformed JSON, a non-object body, a huge body and an unknown hook are refused and dispatch nothing', async () => {
    const { engine } = harness;
    await engine.idle();
    const instancesBefore = (await instancesOf(engine, 'core.st2.webhook')).length;
    const executionsBefore = (await engine.store.listExecutions({ limit: 0 })).length;

    const malformed = await post(`${hooks}/deploy`, '{"app": "web", "env": ');
    expect(malformed).toMatchObject({ status: 400, body: { code: 'E_WEBHOOK_BODY' } });
    expect(String(malformed.body['faultstring'])).toMatch(/not valid JSON/);

    const scalar = await post(`${hooks}/deploy`, '"just a string"');
    expect(scalar.status).toBe(400);
    expect(String(scalar.body['faultstring'])).toMatch(/object or list/);

    const huge = Buffer.from(JSON.stringify({ app: 'x'.repeat(2 * 1024 * 1024), env: 'prod' }));
    const tooBig = await post(`${hooks}/deploy`, huge);
    expect(tooBig.status).toBe(413);
    expect(String(tooBig.body['faultstring'])).toMatch(/too large/i);

    const form = await post(`${hooks}/deploy`, 'app=x', { 'content-type': 'text/plain' });
    expect(form.status).toBe(415);

    const unknown = await post(`${hooks}/nobody-listens`, '{"app": "web"}');
    expect(unknown).toMatchObject({ status: 404, body: { code: 'E_WEBHOOK_UNKNOWN' } });

    await engine.idle();
    expect(await instancesOf(engine, 'core.st2.webhook')).toHaveLength(instancesBefore);
    expect(await engine.store.listExecutions({ limit: 0 })).toHaveLength(executionsBefore);
  });

  describe('on a server with an API key', () => {
    let keyed: ApiServer;
    beforeAll(async () => {
      keyed = await createApiServer(harness.engine, {
        port: 0,
        host: '127.0.0.1',
        apiKey: 'api-key-1-0123456789',
      });
    });
    afterAll(async () => {
      await keyed.close();
    });

    it('a hook without its own auth requires the API key; a hook with a token does not', async () => {
      const url = `${keyed.url}/api/v1/webhooks`;
      const body = '{"app": "keyed", "env": "prod"}';
      expect((await post(`${url}/deploy`, body)).status).toBe(401);
      expect((await post(`${url}/deploy`, body, { 'St2-Api-Key': 'wrong' })).status).toBe(403);
      const answer = await post(`${url}/deploy`, body, { 'St2-Api-Key': 'api-key-1-0123456789' });
      expect(answer.status).toBe(202);
      const instance = await harness.engine.store.getTriggerInstance(String(answer.body['trigger_instance']));
      expect(JSON.stringify(instance?.payload)).not.toContain('api-key-1-0123456789');
      expect(await executionFor('on_deploy', answer.body['trigger_instance'])).toMatchObject({
        stdout: 'keyed',
      });

      const tokenOnly = await post(`${url}/secured`, '{"app": "t"}', { 'X-Squall-Token': 'tok-123' });
      expect(tokenOnly.status).toBe(202);
    });
  });
});
