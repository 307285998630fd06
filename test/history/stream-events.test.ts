import { describe, expect, it } from 'vitest';

import { useServedEngine } from '../support/served-engine.js';
import { packYaml } from '../support/temp-home.js';

const API_KEY = 'stream-test-key-0123456789';
const SECRET = 'hunter2-stream-secret';

const ECHO = `name: echo_word
pack: demo
enabled: true
trigger: { type: core.st2.webhook, parameters: { url: streamed } }
action:
  ref: core.local
  parameters: { cmd: 'echo "word {{ trigger.body.word }}"' }
`;

interface SseMessage {
  event?: string;
  data?: string;
  comment?: string;
}

/** Reads server-sent messages from a live response until `until` says enough (or 30 s pass). */
async function readStream(
  response: Response,
  until: (messages: SseMessage[]) => boolean,
): Promise<SseMessage[]> {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  const messages: SseMessage[] = [];
  let buffer = '';
  const deadline = Date.now() + 30_000;
  while (!until(messages) && Date.now() < deadline) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const message: SseMessage = {};
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) message.comment = line.slice(1).trim();
        else if (line.startsWith('event: ')) message.event = line.slice(7);
        else if (line.startsWith('data: ')) message.data = line.slice(6);
      }
      messages.push(message);
    }
  }
  await reader.cancel();
  return messages;
}

describe('GET /api/v1/stream', () => {
  const current = useServedEngine({
    prepare: async (temp) => {
      await temp.write('squall.yaml', `api:\n  api_key: ${API_KEY}\n  stream_heartbeat_interval: 0.2\n`);
      await temp.write('packs/demo/pack.yaml', packYaml('demo'));
      await temp.write('packs/demo/rules/echo_word.yaml', ECHO);
    },
  });

  const open = (query = ''): Promise<Response> =>
    fetch(`${current.server.url}/api/v1/stream${query}`, { headers: { 'st2-api-key': API_KEY } });

  it('needs the API key', async () => {
    const response = await fetch(`${current.server.url}/api/v1/stream`);
    expect(response.status).toBe(401);
  });

  it('sends trigger instances, enforcements and executions as they happen, secrets masked', async () => {
    expect((await current.api('PUT', '/keys/token', { value: SECRET, secret: true })).status).toBe(200);
    const response = await open();
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reading = readStream(response, (messages) =>
      messages.some(
        (m) => m.event === 'st2.execution__update' && m.data?.includes('"status":"succeeded"') === true,
      ),
    );
    const posted = await current.api('POST', '/webhooks/streamed', { word: SECRET });
    expect(posted.status).toBe(202);
    const messages = await reading;
    const names = messages.map((m) => m.event).filter((name) => name !== undefined);
    expect(names).toEqual(
      expect.arrayContaining([
        'st2.trigger_instances_dispatch__trigger_instance',
        'st2.rule_enforcement__create',
        'st2.execution__create',
        'st2.execution__update',
      ]),
    );
    const finished = messages.find(
      (m) => m.event === 'st2.execution__update' && m.data?.includes('"status":"succeeded"') === true,
    );
    const execution = JSON.parse(finished?.data ?? '{}') as { id: string; stdout: string };
    // The same shape GET /executions/<id> answers, masked the same way.
    expect(execution).toEqual((await current.api('GET', `/executions/${execution.id}`)).body);
    expect(execution.stdout).toBe('word ********');
    expect(messages.map((m) => m.data ?? '').join('')).not.toContain(SECRET);
  });

  it('keeps only the events asked for, with heartbeat comments in between', async () => {
    const response = await open('?events=st2.execution__create');
    const reading = readStream(
      response,
      (messages) =>
        messages.some((m) => m.event !== undefined) &&
        messages.filter((m) => m.comment?.startsWith('heartbeat') === true).length >= 2,
    );
    await current.api('POST', '/webhooks/streamed', { word: 'plain' });
    const messages = await reading;
    expect(messages.map((m) => m.event).filter((name) => name !== undefined)).toEqual([
      'st2.execution__create',
    ]);
    expect(messages.filter((m) => m.comment?.startsWith('heartbeat') === true).length).toBeGreaterThanOrEqual(
      2,
    );
    await current.engine.idle();
  });

  it('refuses an unknown event name', async () => {
    const response = await open('?events=st2.nothing__create');
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('unknown stream event');
  });
});
