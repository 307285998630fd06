import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startApi, type ApiFixture } from './helpers/api-fixture.js';
import { createDemoHome, type TempHome } from './helpers/temp-home.js';

interface ExecutionBody {
  id: string;
  action: string;
  status: string;
  stdout: string;
  exit_code: number | null;
  parameters: Record<string, unknown>;
  context: Record<string, unknown>;
  [field: string]: unknown;
}

const FINAL = ['succeeded', 'failed', 'timeout', 'canceled', 'abandoned'];

describe('API /executions', () => {
  let home: TempHome;
  let api: ApiFixture;

  beforeAll(async () => {
    home = await createDemoHome();
    api = await startApi(home);
  });
  afterAll(async () => {
    await api.close();
    await home.remove();
  });

  async function waitForEnd(id: string): Promise<ExecutionBody> {
    for (let attempt = 0; attempt < 200; attempt++) {
      const { body } = await api.request('GET', `/executions/${id}`);
      const execution = body as ExecutionBody;
      if (FINAL.includes(execution.status)) return execution;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`execution ${id} did not end`);
  }

  it('runs core.local: POST answers 201 with the requested execution, GET shows its output', async () => {
    const created = await api.request('POST', '/executions', {
      body: { action: 'core.local', parameters: { cmd: 'echo hello from api' } },
    });
    expect(created.status).toBe(201);
    const requested = created.body as ExecutionBody;
    expect(requested).toMatchObject({
      action: 'core.local',
      status: 'requested',
      context: { source: 'api' },
    });
    const ended = await waitForEnd(requested.id);
    expect(ended).toMatchObject({ status: 'succeeded', exit_code: 0, stdout: 'hello from api' });
    expect(typeof ended['elapsed_seconds']).toBe('number');
  });

  it('never shows secret parameters: masked in parameters, secret_parameters dropped', async () => {
    const created = await api.request('POST', '/executions', {
      body: { action: 'demo.secret_echo', parameters: { token: 'hunter2-token' } },
    });
    expect(created.status).toBe(201);
    const ended = await waitForEnd((created.body as ExecutionBody).id);
    const list = await api.request('GET', '/executions?action=demo.secret_echo');
    for (const shown of [created.body, ended, list.body]) {
      const text = JSON.stringify(shown);
      expect(text).not.toContain('hunter2-token');
      expect(text).not.toContain('secret_parameters');
    }
    expect(ended.parameters['token']).toBe('********');
    expect(ended.status).toBe('succeeded');
  });

  it('masks credentials in URLs it returns', async () => {
    const created = await api.request('POST', '/executions', {
      body: { action: 'core.local', parameters: { cmd: 'echo https://bob:pa55word@example.com/x' } },
    });
    const ended = await waitForEnd((created.body as ExecutionBody).id);
    expect(JSON.stringify(ended)).not.toContain('pa55word');
    expect(ended.stdout).toContain('https://********@example.com/x');
  });

  it('lists newest first with filters (action, status, limit, offset)', async () => {
    const failed = await api.request('POST', '/executions', {
      body: { action: 'core.local', parameters: { cmd: 'exit 4' } },
    });
    const failedId = (failed.body as ExecutionBody).id;
    expect((await waitForEnd(failedId)).status).toBe('failed');

    const onlyFailed = (await api.request('GET', '/executions?action=core.local&status=failed'))
      .body as ExecutionBody[];
    expect(onlyFailed.map((e) => e.id)).toContain(failedId);
    expect(onlyFailed.every((e) => e.status === 'failed' && e.action === 'core.local')).toBe(true);

    const both = (await api.request('GET', '/executions?status=failed,succeeded')).body as ExecutionBody[];
    expect(new Set(both.map((e) => e.status))).toEqual(new Set(['failed', 'succeeded']));

    const first = (await api.request('GET', '/executions?limit=1')).body as ExecutionBody[];
    const second = (await api.request('GET', '/executions?limit=1&offset=1')).body as ExecutionBody[];
    expect(first).toHaveLength(1);
    expect(first[0]?.id).toBe(failedId);
    expect(second[0]?.id).not.toBe(failedId);
  });

  it('cancels a running execution; canceling it again answers it as it is; an ended one is refused (409)', async () => {
    const created = await api.request('POST', '/executions', {
      body: { action: 'core.local', parameters: { cmd: 'sleep 20' } },
    });
    const id = (created.body as ExecutionBody).id;
    for (let attempt = 0; attempt < 100; attempt++) {
      const { body } = await api.request('GET', `/executions/${id}`);
      if ((body as ExecutionBody).status === 'running') break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const canceled = await api.request('DELETE', `/executions/${id}`);
    expect(canceled.status).toBe(200);
    expect((canceled.body as ExecutionBody).status).toBe('canceled');

    const again = await api.request('DELETE', `/executions/${id}`);
    expect(again).toMatchObject({ status: 200, body: { id, status: 'canceled' } });

    const done = await api.request('POST', '/executions', {
      body: { action: 'core.local', parameters: { cmd: 'true' } },
    });
    const doneId = (done.body as ExecutionBody).id;
    expect((await waitForEnd(doneId)).status).toBe('succeeded');
    expect(await api.request('DELETE', `/executions/${doneId}`)).toEqual({
      status: 409,
      body: {
        faultstring: expect.stringContaining('Action cannot be canceled. State = succeeded.'),
        code: 'E_EXECUTION_ENDED',
      },
    });
  });

  it('answers errors as {faultstring, code} with the typed error status', async () => {
    expect(await api.request('GET', '/executions/does-not-exist')).toEqual({
      status: 404,
      body: { faultstring: expect.stringContaining('does-not-exist'), code: 'E_UNKNOWN_EXECUTION' },
    });
    expect(await api.request('POST', '/executions', { body: { action: 'nope.nothing' } })).toMatchObject({
      status: 404,
      body: { code: 'E_UNKNOWN_ACTION' },
    });
    expect(await api.request('POST', '/executions', { body: { parameters: {} } })).toMatchObject({
      status: 400,
      body: { code: 'E_API_BODY' },
    });
    expect(await api.request('POST', '/executions', { body: { action: 'demo.secret_echo' } })).toMatchObject({
      status: 400,
      body: { faultstring: expect.stringContaining('token') },
    });
    expect(await api.request('GET', '/executions?status=exploded')).toMatchObject({
      status: 400,
      body: { code: 'E_API_QUERY' },
    });
    expect(await api.request('GET', '/executions?limit=-1')).toMatchObject({
      status: 400,
      body: { code: 'E_API_QUERY' },
    });
    expect(await api.request('GET', '/nothing-here')).toMatchObject({
      status: 404,
      body: { code: 'E_NO_ROUTE' },
    });
  });
});
