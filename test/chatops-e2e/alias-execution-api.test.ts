import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { DATASTORE_SECRET, startChatopsWorld, type ChatopsWorld } from './helpers/chatops-home.js';

interface Answer {
  status?: string;
  message?: string;
  faultstring?: string;
  code?: string;
  execution?: { id: string; action: string; status: string; context: Record<string, unknown> };
  actionalias?: { ref: string };
  result?: { message: string | null };
  [field: string]: unknown;
}

describe('the ChatOps HTTP API: aliasexecution, actionalias, help', () => {
  let world: ChatopsWorld;
  const post = async (path: string, body: unknown): Promise<{ status: number; body: Answer }> => {
    const response = await fetch(`${world.server.url}/api/v1${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Answer };
  };

  beforeAll(async () => {
    world = await startChatopsWorld();
  });
  afterAll(async () => {
    await world.close();
  });

  it('POST /aliasexecution answers with the ack and the execution, then posts the result to the channel', async () => {
    const from = world.peer.posts.length;
    const { status, body } = await post('/aliasexecution', {
      command: 'run echo via-api',
      user: 'alice',
      source_channel: 'deploys',
    });
    expect(status).toBe(201);
    expect(body.message).toBe('On it, echo via-api (ops.run)');
    expect(body.actionalias?.ref).toBe('ops.run');
    expect(body['result_route']).toBe('webhook');
    expect(body.execution).toMatchObject({
      action: 'core.local',
      context: { user: 'alice', source: 'chatops', source_channel: 'deploys' },
    });
    const result = await world.peer.waitForPost(
      (p) => p.text.includes('via-api') && p.text.includes('succeeded'),
      {
        from,
      },
    );
    expect(result.channel).toBe('deploys');
    // The ack went back in the answer, not to the channel.
    expect(world.peer.posts.slice(from).some((p) => p.text.startsWith('On it'))).toBe(false);
  });

  it('with wait: true returns the result message instead of posting it, masked', async () => {
    const from = world.peer.posts.length;
    const { status, body } = await post('/aliasexecution', {
      command: 'show credentials',
      user: 'alice',
      wait: true,
    });
    expect(status).toBe(201);
    expect(body.execution?.status).toBe('succeeded');
    expect(body.result?.message).toContain('token=********');
    expect(JSON.stringify(body)).not.toContain(DATASTORE_SECRET);
    expect(world.peer.posts.length).toBe(from);
  });

  it('answers refusals as errors with their reason', async () => {
    const cases: [unknown, number, string][] = [
      [{ command: 'nothing like this', user: 'alice', source_channel: 'c' }, 404, 'E_ALIAS_NO_MATCH'],
      [{ command: 'status web', user: 'alice', source_channel: 'c' }, 409, 'E_ALIAS_AMBIGUOUS'],
      [{ command: 'reboot web1', user: 'mallory', source_channel: 'c' }, 403, 'E_ALIAS_FORBIDDEN'],
      [{ command: 'run date', source_channel: 'c' }, 400, 'E_API_BODY'],
      [{ command: 'run date', user: 'alice' }, 400, 'E_API_BODY'],
    ];
    for (const [body, status, code] of cases) {
      const answer = await post('/aliasexecution', body);
      expect({ status: answer.status, code: answer.body.code }).toEqual({ status, code });
      expect(answer.body.faultstring).toBeTruthy();
    }
    const ambiguous = await post('/aliasexecution', {
      command: 'status web',
      user: 'a',
      source_channel: 'c',
    });
    expect(ambiguous.body.faultstring).toContain('ops.status_a');
    expect(ambiguous.body.faultstring).toContain('ops.status_b');
  });

  it('asks for confirmation with 202, then runs on "confirm <code>" from the same user', async () => {
    const asked = await post('/aliasexecution', {
      command: 'wipe the cache',
      user: 'bob',
      source_channel: 'c',
    });
    expect(asked.status).toBe(202);
    const code = asked.body['confirmation_code'];
    expect(typeof code).toBe('string');
    const ran = await post('/aliasexecution', {
      command: `confirm ${String(code)}`,
      user: 'bob',
      wait: true,
    });
    expect(ran.status).toBe(201);
    expect(ran.body.result?.message).toContain('wiped');
  });

  it('GET /actionalias lists the aliases and POST /actionalias/match extracts parameters', async () => {
    const list = (await (await fetch(`${world.server.url}/api/v1/actionalias?pack=ops`)).json()) as {
      ref: string;
    }[];
    expect(list.map((alias) => alias.ref)).toEqual([
      'ops.dangerous',
      'ops.restricted',
      'ops.run',
      'ops.secret_report',
      'ops.status_a',
      'ops.status_b',
    ]);
    const match = await post('/actionalias/match', { command: 'run uptime -p' });
    expect(match.status).toBe(200);
    expect(match.body).toMatchObject({
      actionalias: { ref: 'ops.run' },
      display: 'run {{ cmd }}',
      parameters: { cmd: 'uptime -p' },
    });
    expect((await post('/actionalias/match', { command: 'status web' })).status).toBe(409);
    expect((await post('/actionalias/match', { command: 'fly away' })).status).toBe(404);
  });

  it('POST /chatops/help lists what the user may run', async () => {
    const alice = await post('/chatops/help', { user: 'alice' });
    const mallory = await post('/chatops/help', { user: 'mallory', filter: 'reboot' });
    const displays = (alice.body['helpstrings'] as { display: string }[]).map((entry) => entry.display);
    expect(displays).toContain('reboot {{ message }}');
    expect(mallory.body).toMatchObject({ available: 0, message: 'No commands match "reboot".' });
  });
});
