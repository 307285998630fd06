import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';

/**
 * A local stand-in for the Slack endpoints the Bolt Socket Mode adapter calls: the Web API
 * (`auth.test`, `apps.connections.open`, `chat.postMessage`) over HTTP, and the Socket Mode
 * WebSocket (a minimal RFC 6455 server: text, ping/pong and close frames).
 */
export interface FakeSlack {
  /** Base URL to give the client as `slackApiUrl`. */
  apiUrl: string;
  /** Every Web API call: method name, token from the Authorization header, form/JSON fields. */
  calls: { method: string; token: string; fields: Record<string, string> }[];
  /** Envelope ids the client acknowledged over the socket. */
  acks: string[];
  /** Resolves once a Socket Mode client is connected and has been greeted. */
  connected(): Promise<void>;
  /** Sends an Events API `message` event over the socket; resolves when the client acks it. */
  sendMessageEvent(event: Record<string, unknown>): Promise<void>;
  /** Resolves when `chat.postMessage` has been called `count` times in all. */
  waitForPosts(count: number): Promise<{ channel: string; text: string }[]>;
  close(): Promise<void>;
}

export const FAKE_BOT_USER = 'UBOT';

export async function startFakeSlack(tokens: { bot: string; app: string }): Promise<FakeSlack> {
  const calls: FakeSlack['calls'] = [];
  const acks: string[] = [];
  const sockets = new Set<Duplex>();
  let socket: Duplex | undefined;
  let onConnect: (() => void) | undefined;
  const connectedPromise = new Promise<void>((resolve) => (onConnect = resolve));
  const waiters: (() => void)[] = [];
  const notify = () => waiters.splice(0).forEach((wake) => wake());
  let envelopes = 0;

  const handleApi = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const method = (request.url ?? '').replace(/^\/api\//, '');
    const token = (request.headers.authorization ?? '').replace(/^Bearer /, '');
    const fields = parseBody(await readBody(request), request.headers['content-type'] ?? '');
    calls.push({ method, token, fields });
    notify();
    const answer = (body: Record<string, unknown>) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (method === 'auth.test' && token === tokens.bot) {
      return answer({ ok: true, user_id: FAKE_BOT_USER, bot_id: 'BBOT', team_id: 'T1', user: 'squall' });
    }
    if (method === 'apps.connections.open' && token === tokens.app) {
      const { port } = server.address() as AddressInfo;
      return answer({ ok: true, url: `ws://127.0.0.1:${port}/link` });
    }
    if (method === 'chat.postMessage' && token === tokens.bot) {
      return answer({ ok: true, channel: fields['channel'], ts: `${Date.now() / 1000}` });
    }
    return answer({ ok: false, error: token === '' ? 'not_authed' : 'invalid_auth' });
  };
  const server: Server = createServer((request, response) => {
    handleApi(request, response).catch((error: unknown) => {
      response.writeHead(500, { 'content-type': 'text/plain' });
      response.end(String(error));
    });
  });

  server.on('upgrade', (request: IncomingMessage, raw: Duplex) => {
    const key = request.headers['sec-websocket-key'];
    if (request.url !== '/link' || typeof key !== 'string') {
      raw.destroy();
      return;
    }
    const accept = createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
    raw.write(
      'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
        `Sec-WebSocket-Accept: ${accept}\r\n\r\n`,
    );
    sockets.add(raw);
    socket = raw;
    raw.on('close', () => sockets.delete(raw));
    raw.on('error', () => sockets.delete(raw));
    readFrames(raw, (opcode, payload) => {
      if (opcode === 0x1) {
        const message = JSON.parse(payload.toString('utf8')) as { envelope_id?: string };
        if (message.envelope_id) acks.push(message.envelope_id);
        notify();
      } else if (opcode === 0x8) {
        raw.end(frame(0x8, payload.subarray(0, 2)));
      } else if (opcode === 0x9) {
        raw.write(frame(0xa, payload));
      }
    });
    raw.write(frame(0x1, Buffer.from(JSON.stringify({ type: 'hello', num_connections: 1 }))));
    onConnect?.();
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const until = async (ready: () => boolean) => {
    while (!ready()) await new Promise<void>((wake) => waiters.push(wake));
  };

  return {
    apiUrl: `http://127.0.0.1:${port}/api/`,
    calls,
    acks,
    connected: () => connectedPromise,
    sendMessageEvent: async (event) => {
      if (!socket) throw new Error('no Socket Mode client connected');
      const envelopeId = `env-${++envelopes}`;
      const payload = {
        token: 'verification',
        team_id: 'T1',
        api_app_id: 'A1',
        type: 'event_callback',
        event_id: `Ev${envelopes}`,
        event_time: Math.floor(Date.now() / 1000),
        authorizations: [{ team_id: 'T1', user_id: FAKE_BOT_USER, is_bot: true }],
        event: { type: 'message', ts: `${Date.now() / 1000}`, event_ts: `${Date.now() / 1000}`, ...event },
      };
      const envelope = {
        envelope_id: envelopeId,
        type: 'events_api',
        accepts_response_payload: false,
        payload,
      };
      socket.write(frame(0x1, Buffer.from(JSON.stringify(envelope))));
      await until(() => acks.includes(envelopeId));
    },
    waitForPosts: async (count) => {
      const posts = () => calls.filter((call) => call.method === 'chat.postMessage');
      await until(() => posts().length >= count);
      return posts().map((call) => ({
        channel: call.fields['channel'] ?? '',
        text: call.fields['text'] ?? '',
      }));
    },
    close: async () => {
      // A client that stopped cleanly has closed its socket already; give a lagging one a moment.
      for (let i = 0; i < 20 && sockets.size > 0; i++) await new Promise((wake) => setTimeout(wake, 50));
      for (const open of sockets) open.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseBody(body: string, contentType: string): Record<string, string> {
  if (body === '') return {};
  if (contentType.includes('application/json')) {
    const parsed = JSON.parse(body) as Record<string, unknown>;
    return Object.fromEntries(
      Object.entries(parsed).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
    );
  }
  return Object.fromEntries(new URLSearchParams(body));
}

/** A server frame: never masked, FIN set. */
function frame(opcode: number, payload: Buffer): Buffer {
  const length = payload.length;
  const header =
    length < 126
      ? Buffer.from([0x80 | opcode, length])
      : length < 65536
        ? Buffer.from([0x80 | opcode, 126, length >> 8, length & 0xff])
        : Buffer.concat([Buffer.from([0x80 | opcode, 127]), bigEndian64(length)]);
  return Buffer.concat([header, payload]);
}

function bigEndian64(value: number): Buffer {
  const buffer = Buffer.alloc(8);
  buffer.writeBigUInt64BE(BigInt(value));
  return buffer;
}

/** Client frames are masked; fragmented messages are not used by the Slack client. */
function readFrames(stream: Duplex, onFrame: (opcode: number, payload: Buffer) => void): void {
  let buffered = Buffer.alloc(0);
  stream.on('data', (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk]);
    for (;;) {
      if (buffered.length < 2) return;
      const opcode = buffered[0]! & 0x0f;
      let length = buffered[1]! & 0x7f;
      let offset = 2;
      if (length === 126) {
        if (buffered.length < 4) return;
        length = buffered.readUInt16BE(2);
        offset = 4;
      } else if (length === 127) {
        if (buffered.length < 10) return;
        length = Number(buffered.readBigUInt64BE(2));
        offset = 10;
      }
      const masked = (buffered[1]! & 0x80) !== 0;
      const total = offset + (masked ? 4 : 0) + length;
      if (buffered.length < total) return;
      const mask = masked ? buffered.subarray(offset, offset + 4) : undefined;
      const payload = Buffer.from(buffered.subarray(total - length, total));
      if (mask) for (let i = 0; i < payload.length; i++) payload[i]! ^= mask[i % 4]!;
      buffered = buffered.subarray(total);
      onFrame(opcode, payload);
    }
  });
}
