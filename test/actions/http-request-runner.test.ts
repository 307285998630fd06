import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { defineAction, runAction } from './action-fixtures.js';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

describe('http-request runner', () => {
  let server: Server;
  let base: string;
  const seen: Seen[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        seen.push({
          method: req.method ?? '',
          url: req.url ?? '',
          headers: req.headers,
          body: Buffer.concat(chunks).toString(),
        });
        route(req, res);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  function route(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/json') {
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'X-Custom': 'yes' });
      res.end(JSON.stringify({ ok: true, query: url.searchParams.get('q') }));
    } else if (url.pathname === '/text') {
      res.writeHead(201, { 'Content-Type': 'text/plain' });
      res.end('created');
    } else if (url.pathname === '/missing') {
      res.writeHead(404);
      res.end('nope');
    } else if (url.pathname === '/redirect') {
      res.writeHead(302, { Location: '/json' });
      res.end();
    } else if (url.pathname === '/slow') {
      setTimeout(() => res.end('late'), Number(url.searchParams.get('ms') ?? 3000));
    } else {
      res.writeHead(200);
      res.end('');
    }
  }

  const http = defineAction({ runner_type: 'http-request' });
  const last = () => seen[seen.length - 1]!;

  it('returns status_code, parsed JSON body and headers, and appends params', async () => {
    const run = await runAction(http, { url: `${base}/json`, params: { q: 'a b' } });
    expect(run.status).toBe('succeeded');
    expect(run.result).toMatchObject({
      status_code: 200,
      body: { ok: true, query: 'a b' },
      parsed: true,
      headers: { 'Content-Type': 'application/json; charset=utf-8', 'X-Custom': 'yes' },
    });
    expect(last().method).toBe('GET');
  });

  it('keeps a non-JSON body as text; 201 succeeds', async () => {
    const run = await runAction(http, { url: `${base}/text` });
    expect(run).toMatchObject({
      status: 'succeeded',
      result: { status_code: 201, body: 'created', parsed: false },
    });
  });

  it('fails on a status outside 200-206', async () => {
    const run = await runAction(http, { url: `${base}/missing` });
    expect(run.status).toBe('failed');
    expect(run.result).toMatchObject({ status_code: 404, body: 'nope' });
    expect(run.error).toMatch(/HTTP 404/);
  });

  it('POSTs a body by default, sends JSON for a JSON content type, and headers', async () => {
    await runAction(http, {
      url: `${base}/echo`,
      body: '{"a": 1}',
      headers: { 'Content-Type': 'application/json', 'X-Token': 't' },
    });
    expect(last()).toMatchObject({ method: 'POST', body: '{"a":1}' });
    expect(last().headers['x-token']).toBe('t');
    expect(last().headers['x-stanley-action']).toBe('test_action');
  });

  it('sends basic auth from auth "user:pass"', async () => {
    await runAction(http, { url: `${base}/echo`, auth: 'alice:s3cret' });
    expect(last().headers.authorization).toBe(`Basic ${Buffer.from('alice:s3cret').toString('base64')}`);
  });

  it('does not follow redirects unless allow_redirects', async () => {
    const stay = await runAction(http, { url: `${base}/redirect` });
    expect(stay).toMatchObject({ status: 'failed', result: { status_code: 302 } });
    const follow = await runAction(http, { url: `${base}/redirect`, allow_redirects: true });
    expect(follow).toMatchObject({ status: 'succeeded', result: { status_code: 200, body: { ok: true } } });
  });

  it('enforces denied_hosts and allowed_hosts', async () => {
    const denied = await runAction(http, { url: `${base}/json`, denied_hosts: ['127.0.0.1'] });
    expect(denied.status).toBe('failed');
    expect(denied.error).toMatch(/denied_hosts/);
    const notAllowed = await runAction(http, { url: `${base}/json`, allowed_hosts: ['example.com'] });
    expect(notAllowed.error).toMatch(/not in allowed_hosts/);
    const allowed = await runAction(http, { url: `${base}/json`, url_hosts_whitelist: ['127.0.0.1'] });
    expect(allowed.status).toBe('succeeded');
  });

  it('times out with status timeout', async () => {
    const run = await runAction(http, { url: `${base}/slow`, timeout: 0.3 });
    expect(run.status).toBe('timeout');
    expect(run.error).toMatch(/did not complete in 0.3 seconds/);
  });

  it('waits without a limit when timeout is 0, as the shell runners do', async () => {
    const run = await runAction(http, { url: `${base}/slow?ms=300`, timeout: 0 });
    expect(run.status).toBe('succeeded');
    expect(run.result).toMatchObject({ status_code: 200, body: 'late' });
  });

  it('fails clearly on a connection error and a bad URL', async () => {
    const refused = await runAction(http, { url: 'http://127.0.0.1:1/' });
    expect(refused.status).toBe('failed');
    expect(refused.error).toMatch(/ECONNREFUSED/);
    const bad = await runAction(http, { url: 'ftp://127.0.0.1/' });
    expect(bad.error).toMatch(/use http:\/\/ or https:\/\//);
  });
});
