import { describe, expect, it } from 'vitest';

import type { Execution } from '../../src/domain/execution.js';
import type { Inquiry } from '../../src/inquiries/inquiry.js';
import { squall } from '../cli/helpers/capture-io.js';
import { useServedEngine } from '../support/served-engine.js';
import { packYaml } from '../support/temp-home.js';

const SCHEMA = {
  type: 'object',
  properties: {
    approved: { type: 'boolean', required: true },
    note: { type: 'string', default: 'none' },
  },
};

const NOTIFY = `name: notify_inquiry
pack: demo
enabled: true
trigger: { type: core.st2.generic.inquiry }
action:
  ref: core.local
  parameters: { cmd: 'echo "asked {{ trigger.id }} on {{ trigger.route }}"' }
`;

describe('inquiries: core.ask waits as pending until a valid response', () => {
  const current = useServedEngine({
    prepare: async (temp) => {
      await temp.write('packs/demo/pack.yaml', packYaml('demo'));
      await temp.write('packs/demo/rules/notify_inquiry.yaml', NOTIFY);
    },
  });
  const home = () => ['--home', current.temp.home];

  const ask = async (parameters: Record<string, unknown>): Promise<string> => {
    const created = await current.api('POST', '/executions', { action: 'core.ask', parameters });
    expect(created.status).toBe(201);
    const { id } = created.body as { id: string };
    await expect
      .poll(async () => (await current.engine.store.getExecution(id))?.status, { timeout: 20_000 })
      .toBe('pending');
    return id;
  };

  it('lists the pending inquiry, refuses a response outside the schema, accepts a valid one with defaults', async () => {
    const id = await ask({ schema: SCHEMA, route: 'ops', ttl: 60 });
    const listed = await current.api('GET', '/inquiries');
    expect(listed.body).toEqual([
      expect.objectContaining({ id, route: 'ops', ttl: 60, users: [], roles: [], schema: SCHEMA }),
    ]);
    const cliList = await squall(['inquiry', 'list', ...home(), '--json']);
    expect(cliList.json<Inquiry[]>().map((inquiry) => inquiry.id)).toEqual([id]);

    const wrong = await current.api('PUT', `/inquiries/${id}`, { response: { approved: 'yes' } });
    expect(wrong.status).toBe(400);
    expect(JSON.stringify(wrong.body)).toMatch(/does not match the inquiry's schema/);

    const answered = await squall(['inquiry', 'respond', id, '{"approved": true}', ...home(), '--json']);
    expect(answered.code).toBe(0);
    expect(answered.json()).toEqual({ id, response: { approved: true, note: 'none' } });
    const record = (await current.api('GET', `/executions/${id}`)).body as Execution;
    expect(record.status).toBe('succeeded');
    expect(record.result).toMatchObject({
      route: 'ops',
      ttl: 60,
      response: { approved: true, note: 'none' },
    });

    const again = await current.api('PUT', `/inquiries/${id}`, { response: { approved: false } });
    expect(again.status).toBe(400);
    expect(JSON.stringify(again.body)).toMatch(/already been responded to/);
    expect((await current.api('GET', '/inquiries')).body).toEqual([]);
  });

  it('announces a new inquiry as core.st2.generic.inquiry so a rule can notify', async () => {
    const id = await ask({ route: 'pager' });
    await expect
      .poll(
        async () =>
          (await current.engine.store.listExecutions({ rule: 'demo.notify_inquiry' })).map((e) => e.stdout),
        { timeout: 20_000 },
      )
      .toEqual([`asked ${id} on pager`]);
  });

  it('lets only the listed users (or holders of a listed role) respond', async () => {
    const id = await ask({ users: ['alice'], roles: ['oncall'] });
    const stranger = await current.api('PUT', `/inquiries/${id}`, {
      response: { continue: true },
      user: 'bob',
    });
    expect(stranger.status).toBe(403);
    const noRole = await squall([
      'inquiry',
      'respond',
      id,
      '{"continue": true}',
      '--user',
      'alice',
      ...home(),
    ]);
    expect(noRole.code).not.toBe(0);
    expect(noRole.stderr).toMatch(/may not respond/);
    const ok = await current.api('PUT', `/inquiries/${id}`, {
      response: { continue: true },
      user: 'alice',
      roles: ['oncall'],
    });
    expect(ok.status).toBe(200);
  });

  it('times out an inquiry whose ttl ran out; it can no longer be answered', async () => {
    const id = await ask({ ttl: 1 });
    expect(await current.engine.inquiries.expire(Date.now())).toEqual([]);
    const expired = await current.engine.inquiries.expire(Date.now() + 61_000);
    expect(expired.map((execution) => [execution.id, execution.status])).toEqual([[id, 'timeout']]);
    const late = await current.api('PUT', `/inquiries/${id}`, { response: { continue: true } });
    expect(late.status).toBe(400);
    expect(JSON.stringify(late.body)).toMatch(/timed out/);
  });

  it('answers 404 for an execution that is not an inquiry', async () => {
    const run = await current.api('POST', '/executions', { action: 'core.noop' });
    const { id } = run.body as { id: string };
    expect((await current.api('GET', `/inquiries/${id}`)).status).toBe(404);
  });
});
