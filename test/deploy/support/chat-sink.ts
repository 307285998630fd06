import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A local HTTP endpoint standing in for a chat service's incoming webhook; keeps what is posted. */
export interface ChatSink {
  url: string;
  messages: { channel: string; text: string }[];
  close(): Promise<void>;
}

export async function startChatSink(): Promise<ChatSink> {
  const messages: { channel: string; text: string }[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      messages.push(JSON.parse(body) as { channel: string; text: string });
      response.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    messages,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
