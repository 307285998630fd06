import { createHmac } from 'node:crypto';

import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';

import type { TriggerType } from '../../src/snapshot/model/trigger-type.js';
import { silentLogger } from '../../src/common/logger.js';
import { createWebhookSensor, WebhookRegistry } from '../../src/sensors/webhooks/webhook-registry.js';
import { registerWebhookRoutes, type WebhooksConfig } from '../../src/sensors/webhooks/webhook-routes.js';
import { WEBHOOK_TRIGGER_TYPES } from '../../src/sensors/webhooks/webhook-trigger-types.js';
import {
  capturingLogger,
  recordingDispatcher,
  type RecordingDispatcher,
} from './helpers/recording-dispatcher.js';

const ORDER_PLACED: TriggerType = {
  ref: 'shop.order_placed',
  pack: 'shop',
  name: 'order_placed',
  payload_schema: { type: 'object', properties: { amount: { type: 'number' } }, required: ['amount'] },
};

interface Harness {
  url: string;
  dispatcher: RecordingDispatcher;
  warnings: string[];
}

describe('webhook routes', () => {
  let app: FastifyInstance | undefined;
  afterEach(async () => app?.close());

  async function serve(config: WebhooksConfig = {}): Promise<Harness> {
    const dispatcher = recordingDispatcher([...WEBHOOK_TRIGGER_TYPES, ORDER_PLACED]);
    const registry = new WebhookRegistry();
    const { logger, lines: warnings } = capturingLogger();
    const sensor = createWebhookSensor({ dispatcher, logger }, registry);
    sensor.add({ type: 'core.st2.webhook', parameters: { url: '/sample' }, key: 'sample' });
    sensor.add({ type: 'core.st2.webhook', parameters: { url: 'ci/builds/' }, key: 'ci' });
    app = Fastify();
    registerWebhookRoutes(app, { registry, dispatcher, config, logger });
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    return { url: `${address}/api/v1/webhooks`, dispatcher, warnings };
  }

  const post = (url: string, body: string, headers: Record<string, string> = {}) =>
    fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });

  it('dispatches {headers, body} for a registered hook (url with slashes) and answers 202 with the id', async () => {
    const { url, dispatcher } = await serve();
    const response = await post(`${url}/ci/builds`, '[{"id": 1}]', {
      'X-Custom': 'yes',
      Authorization: 'Bearer secret',
      'St2-Api-Key': 'k',
      'St2-Trace-Tag': 'build-42',
    });
    expect(response.status).toBe(202);
    const answer = (await response.json()) as { trigger_instance: string; body: unknown };
    const [call] = dispatcher.calls;
    expect(answer).toEqual({
      trigger_instance: call!.instance.id,
      trigger: 'core.st2.webhook',
      body: [{ id: 1 }],
    });
    expect(call!.trigger).toBe('core.st2.webhook');
    expect(call!.options).toMatchObject({ traceTag: 'build-42', triggerParameters: { url: 'ci/builds/' } });
    const payload = call!.payload as { headers: Record<string, string>; body: unknown };
    expect(payload.body).toEqual([{ id: 1 }]);
    expect(payload.headers['X-Custom']).toBe('yes');
    expect(payload.headers['Content-Type']).toBe('application/json');
    expect(Object.keys(payload.headers).map((h) => h.toLowerCase())).not.toEqual(
      expect.arrayContaining(['authorization']),
    );
    expect(payload.headers).not.toHaveProperty('St2-Api-Key');
    expect(payload.headers).not.toHaveProperty('St2-Trace-Tag');
  });

  it('answers 404 for an unknown hook, 400 for malformed JSON or a scalar body, 413 for a huge body', async () => {
    const { url, dispatcher } = await serve({ bodyLimitBytes: 1024 });
    expect((await post(`${url}/nope`, '{}')).status).toBe(404);
    const malformed = await post(`${url}/sample`, '{"a": ');
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { faultstring: string }).faultstring).toMatch(/not valid JSON/);
    expect((await post(`${url}/sample`, '"just a string"')).status).toBe(400);
    const huge = await post(`${url}/sample`, JSON.stringify({ data: 'x'.repeat(4096) }));
    expect(huge.status).toBe(413);
    expect(dispatcher.calls).toHaveLength(0);
  });

  it('requires the configured token, compared in constant time', async () => {
    const { url, dispatcher, warnings } = await serve({
      hooks: { sample: { token: 's3cret', token_header: 'X-Hook-Token' } },
    });
    expect((await post(`${url}/sample`, '{}')).status).toBe(401);
    expect((await post(`${url}/sample`, '{}', { 'X-Hook-Token': 'wrong' })).status).toBe(403);
    expect(warnings.some((w) => w.includes('wrong token in X-Hook-Token'))).toBe(true);
    expect(warnings.join('\n')).not.toContain('s3cret');
    const ok = await post(`${url}/sample`, '{"a": 1}', { 'X-Hook-Token': 's3cret' });
    expect(ok.status).toBe(202);
    expect(dispatcher.calls).toHaveLength(1);
    expect((dispatcher.calls[0]!.payload as { headers: object }).headers).not.toHaveProperty('X-Hook-Token');
  });

  it('falls back to the API key for a hook without its own auth: 401 when missing, 403 when wrong', async () => {
    const dispatcher = recordingDispatcher([...WEBHOOK_TRIGGER_TYPES]);
    const registry = new WebhookRegistry();
    const sensor = createWebhookSensor({ dispatcher, logger: silentLogger() }, registry);
    sensor.add({ type: 'core.st2.webhook', parameters: { url: 'sample' }, key: 'sample' });
    app = Fastify();
    registerWebhookRoutes(app, { registry, dispatcher, config: {}, logger: silentLogger(), apiKey: 'api-k' });
    const url = `${await app.listen({ host: '127.0.0.1', port: 0 })}/api/v1/webhooks/sample`;
    const missing = await post(url, '{}');
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ code: 'E_WEBHOOK_AUTH' });
    expect((await post(url, '{}', { 'St2-Api-Key': 'wrong' })).status).toBe(403);
    expect((await post(url, '{}', { 'X-Api-Key': 'wrong' })).status).toBe(403);
    expect((await post(url, '{}', { 'St2-Api-Key': 'api-k' })).status).toBe(202);
    expect(dispatcher.calls).toHaveLength(1);
  });

  it('checks an HMAC of the raw body and logs forged signatures without the secret', async () => {
    const secret = 'hmac-secret-value';
    const { url, dispatcher, warnings } = await serve({
      hooks: { sample: { hmac: { secret, header: 'X-Signature', algorithm: 'sha256', prefix: 'sha256=' } } },
    });
    const body = '{"event":"deploy",  "spacing": "kept"}';
    const signature = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
    const forged = await post(`${url}/sample`, body, { 'X-Signature': `sha256=${'0'.repeat(64)}` });
    expect(forged.status).toBe(403);
    expect(warnings.some((w) => w.includes('does not match'))).toBe(true);
    expect(warnings.join('\n')).not.toContain(secret);
    expect((await post(`${url}/sample`, body, { 'X-Signature': signature })).status).toBe(202);
    expect(dispatcher.calls).toHaveLength(1);
  });

  it('the st2 hook dispatches any trigger and reports schema failures as 400', async () => {
    const { url, dispatcher } = await serve({ hooks: { st2: { token: 't' } } });
    const headers = { 'X-Squall-Token': 't' };
    const ok = await post(
      `${url}/st2`,
      JSON.stringify({ trigger: 'shop.order_placed', payload: { amount: 3 } }),
      headers,
    );
    expect(ok.status).toBe(202);
    expect(dispatcher.calls[0]).toMatchObject({ trigger: 'shop.order_placed', payload: { amount: 3 } });
    const invalid = await post(
      `${url}/st2`,
      JSON.stringify({ trigger: 'shop.order_placed', payload: { amount: 'x' } }),
      headers,
    );
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as { faultstring: string }).faultstring).toMatch(/amount/);
    expect((await post(`${url}/st2`, JSON.stringify({ payload: {} }), headers)).status).toBe(400);
    expect(dispatcher.calls).toHaveLength(1);
  });

  it('stops serving a hook once its last use is removed', async () => {
    const dispatcher = recordingDispatcher(WEBHOOK_TRIGGER_TYPES);
    const registry = new WebhookRegistry();
    const sensor = createWebhookSensor({ dispatcher, logger: silentLogger() }, registry);
    const use = { type: 'core.st2.webhook', parameters: { url: 'sample' }, key: 'sample' };
    sensor.add(use);
    expect(registry.urls()).toEqual(['sample']);
    sensor.remove(use);
    expect(registry.get('sample')).toEqual([]);
  });
});
