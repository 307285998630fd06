import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';

import {
  createWebhookAdapter,
  registerWebhookChatRoute,
} from '../../src/chatops/adapters/webhook-adapter.js';
import type { IncomingChatMessage } from '../../src/chatops/chat-adapter.js';
import { ChatService } from '../../src/chatops/chat-service.js';
import { defineAlias, memoryExecutor } from './chat-harness.js';

/** The chat service's incoming-webhook endpoint: a real HTTP server on 127.0.0.1. */
interface Peer {
  url: string;
  received: { headers: Record<string, unknown>; body: unknown }[];
  status: number;
  close(): Promise<void>;
}

async function startPeer(): Promise<Peer> {
  const peer: Peer = { url: '', received: [], status: 200, close: async () => {} };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      peer.received.push({
        headers: request.headers,
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
      });
      response.writeHead(peer.status, { 'content-type': 'text/plain' });
      response.end(peer.status === 200 ? 'ok' : 'nope');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  peer.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/abc123`;
  peer.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return peer;
}

describe('webhook chat adapter over real HTTP', () => {
  let app: FastifyInstance | undefined;
  let peer: Peer | undefined;

  afterEach(async () => {
    await app?.close();
    await peer?.close();
    app = undefined;
    peer = undefined;
  });

  async function setup() {
    peer = await startPeer();
    const adapter = createWebhookAdapter({
      outgoingUrl: peer.url,
      token: 's3cret-token',
      headers: { 'x-extra': '1' },
    });
    app = Fastify();
    await registerWebhookChatRoute(app, adapter);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    return { adapter, peer, base };
  }

  it('receives a Mattermost-style form post, strips the trigger word, checks the token', async () => {
    const { adapter, base } = await setup();
    const received: IncomingChatMessage[] = [];
    await adapter.start(async (message) => void received.push(message));
    const form = new URLSearchParams({
      token: 's3cret-token',
      channel_name: 'town-square',
      user_name: 'alice',
      text: '!squall deploy web',
      trigger_word: '!squall',
    });
    const ok = await fetch(`${base}/api/v1/chatops/webhook`, { method: 'POST', body: form });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({});
    expect(received).toEqual([{ text: 'deploy web', user: 'alice', channel: 'town-square' }]);

    const bad = await fetch(`${base}/api/v1/chatops/webhook`, {
      method: 'POST',
      body: new URLSearchParams({ token: 'guess', channel_name: 'x', user_name: 'eve', text: 'deploy web' }),
    });
    expect(bad.status).toBe(401);
    expect(await bad.json()).toMatchObject({ error: { code: 'E_CHAT_TOKEN' } });
    expect(received).toHaveLength(1);
  });

  it('accepts JSON with the token in a header; ignores bot posts; refuses bodies without text', async () => {
    const { adapter, base } = await setup();
    const received: IncomingChatMessage[] = [];
    await adapter.start(async (message) => void received.push(message));
    const post = (body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${base}/api/v1/chatops/webhook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
    const json = await post(
      { user: 'bob', channel: 'ops', text: 'help', groups: ['sre'] },
      { authorization: 'Token s3cret-token' },
    );
    expect(json.status).toBe(200);
    expect(
      (
        await post(
          { user: 'bot', channel: 'ops', text: 'x', bot: { i: 1 } },
          { 'x-squall-token': 's3cret-token' },
        )
      ).status,
    ).toBe(200);
    const empty = await post({ user: 'bob', channel: 'ops' }, { 'x-squall-token': 's3cret-token' });
    expect(empty.status).toBe(400);
    expect((await post({ user: 'bob', channel: 'ops', text: 'x' })).status).toBe(401);
    expect(received).toEqual([{ text: 'help', user: 'bob', channel: 'ops', groups: ['sre'] }]);
  });

  it('answers 503 before it is started', async () => {
    const { base } = await setup();
    const response = await fetch(`${base}/api/v1/chatops/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-squall-token': 's3cret-token' },
      body: JSON.stringify({ user: 'bob', channel: 'ops', text: 'help' }),
    });
    expect(response.status).toBe(503);
  });

  it('posts outgoing messages as JSON {channel, text}; a failing peer is a BackendError', async () => {
    const { adapter, peer } = await setup();
    await adapter.postMessage('town-square', 'hello *world*');
    expect(peer.received).toEqual([
      {
        headers: expect.objectContaining({ 'x-extra': '1' }),
        body: { channel: 'town-square', text: 'hello *world*' },
      },
    ]);
    peer.status = 500;
    await expect(adapter.postMessage('x', 'y')).rejects.toMatchObject({ code: 'E_CHAT_POST' });
    await expect(adapter.postMessage('x', 'y')).rejects.not.toThrow(/abc123/);
  });

  it('runs a command end to end: incoming POST → ChatService → ack and result posted to the peer', async () => {
    const { adapter, peer, base } = await setup();
    const alias = defineAlias({
      name: 'uptime',
      action_ref: 'linux.uptime',
      formats: ['uptime on {{ host }}'],
    });
    const executor = memoryExecutor({ 'linux.uptime': { host: { type: 'string' } } }, () => ({
      result: {
        stdout: 'up 3 days, token https://ci:glpat-XYZ123@gitlab.example.com',
        stderr: '',
        return_code: 0,
      },
    }));
    const service = new ChatService({ adapter, executor, aliases: () => [alias] });
    await service.start();
    const response = await fetch(`${base}/api/v1/chatops/webhook`, {
      method: 'POST',
      body: new URLSearchParams({
        token: 's3cret-token',
        channel_name: 'ops',
        user_name: 'alice',
        text: 'uptime on web1',
      }),
    });
    expect(response.status).toBe(200);
    await service.stop();
    expect(peer.received.map((r) => r.body)).toEqual([
      { channel: 'ops', text: 'Running linux.uptime for you (execution ex1).' },
      {
        channel: 'ops',
        text: 'linux.uptime succeeded (execution ex1).\n```\nup 3 days, token https://********@gitlab.example.com\n```',
      },
    ]);
  });

  it('needs a token', () => {
    expect(() => createWebhookAdapter({ outgoingUrl: 'http://127.0.0.1:1/', token: '' })).toThrow(
      /token is required/,
    );
  });
});
