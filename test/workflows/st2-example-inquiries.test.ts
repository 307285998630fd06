import { describe, expect, it } from 'vitest';
import type { WorkflowCommand } from '../../src/workflows/conductor/workflow-commands.js';
import { Driver } from './support/driver.js';
import { compileFixture } from './support/run-workflow.js';

/**
 * StackStorm's inquiry examples (examples.orquesta-ask-*), same structure, own wording: a core.ask
 * task is pending until answered, which pauses the workflow; the answer resumes it. The inquiry
 * itself (schema, roles, ttl, the API) is phase 2; here its child reports pending, then succeeded
 * with the response or failed (expired). Expected behaviour: st2tests/integration/orquesta/
 * test_wiring_inquiry.py.
 */
const requests = (commands: WorkflowCommand[]) =>
  commands.flatMap((c) => (c.kind === 'request_action' ? [[c.task, c.input['message'] ?? c.action]] : []));
const finished = (commands: WorkflowCommand[]) => commands.find((c) => c.kind === 'finish');

describe('inquiries pause the workflow until answered', () => {
  it('ask-basic: approved (test_basic_inquiry)', () => {
    const flow = new Driver(compileFixture('orquesta/ask-basic.yaml'));
    flow.start();
    expect(requests(flow.action('begin', 'succeeded'))).toEqual([['approval', 'core.ask']]);
    expect(flow.action('approval', 'pending', { result: null })).toEqual([
      { kind: 'status', status: 'paused' },
    ]);
    flow.send({ kind: 'resume' });
    expect(
      requests(flow.action('approval', 'succeeded', { result: { response: { approved: true } } })),
    ).toEqual([['done', 'All done.']]);
    expect(finished(flow.action('done', 'succeeded'))).toMatchObject({
      status: 'succeeded',
      result: { output: null },
    });
  });

  it('ask-basic: an expired inquiry fails its task and the workflow stops', () => {
    const flow = new Driver(compileFixture('orquesta/ask-basic.yaml'));
    flow.start();
    flow.action('begin', 'succeeded');
    flow.action('approval', 'pending', { result: null });
    flow.send({ kind: 'resume' });
    expect(requests(flow.action('approval', 'failed', { result: { response: {} } }))).toEqual([
      ['halt', 'Stopped.'],
    ]);
    expect(finished(flow.action('halt', 'succeeded'))).toMatchObject({ status: 'failed' });
  });

  it('ask-parallel: the join waits for both answers (test_parallel_inquiries)', () => {
    const flow = new Driver(compileFixture('orquesta/ask-parallel.yaml'));
    flow.start();
    expect(requests(flow.action('begin', 'succeeded'))).toEqual([
      ['ask_alice', 'core.ask'],
      ['ask_bob', 'core.ask'],
    ]);
    expect(flow.action('ask_alice', 'pending', { result: null })).toEqual([
      { kind: 'status', status: 'pausing' },
    ]);
    expect(flow.action('ask_bob', 'pending', { result: null })).toEqual([
      { kind: 'status', status: 'paused' },
    ]);
    flow.send({ kind: 'resume' });
    expect(
      requests(flow.action('ask_alice', 'succeeded', { result: { response: { approved: true } } })),
    ).toEqual([]);
    // Each answer resumes the workflow: st2 resumes the root workflow on every inquiry response.
    expect(flow.state?.status).toBe('paused');
    flow.send({ kind: 'resume' });
    expect(
      requests(flow.action('ask_bob', 'succeeded', { result: { response: { approved: true } } })),
    ).toEqual([['done', 'All done.']]);
  });

  it.each([
    [{ approved: true, team_id: 7, note: 'ship it' }, [['echo_note', 'Note is ship it.']]],
    [{ approved: true, team_id: 7 }, [['done', 'Approved by team 7.']]],
    [{ approved: false, team_id: 7 }, [['halt', 'Stopped.']]],
  ])('ask-multiple-parameters: the response decides the route (%j)', (response, next) => {
    const flow = new Driver(compileFixture('orquesta/ask-multiple-parameters.yaml'));
    flow.start();
    flow.action('begin', 'succeeded');
    flow.action('approval', 'pending', { result: null });
    flow.send({ kind: 'resume' });
    expect(requests(flow.action('approval', 'succeeded', { result: { response } }))).toEqual(next);
  });
});
