import { authHeaders } from './api';

export interface StreamMessage {
  event: string;
  data: unknown;
}

export type StreamState = 'connecting' | 'open' | 'closed';

export interface StreamOptions {
  events?: readonly string[];
  executionIds?: readonly string[];
  onMessage(message: StreamMessage): void;
  onState?(state: StreamState, error?: string): void;
}

/**
 * `GET /api/v1/stream` read with fetch, since EventSource cannot send the API key header. Parses
 * server-sent events and reconnects after a drop; the returned function closes it.
 */
export function openStream(options: StreamOptions): () => void {
  let closed = false;
  let controller: AbortController | undefined;
  let retry: ReturnType<typeof setTimeout> | undefined;
  const params = new URLSearchParams();
  if (options.events) params.set('events', options.events.join(','));
  if (options.executionIds) params.set('execution_ids', options.executionIds.join(','));
  const url = `/api/v1/stream${params.size > 0 ? `?${params.toString()}` : ''}`;

  const connect = async (): Promise<void> => {
    controller = new AbortController();
    options.onState?.('connecting');
    try {
      const response = await fetch(url, { headers: authHeaders(), signal: controller.signal });
      if (!response.ok || !response.body) throw new Error(`the stream answered ${response.status}`);
      options.onState?.('open');
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          dispatch(buffer.slice(0, end), options.onMessage);
          buffer = buffer.slice(end + 2);
        }
      }
      options.onState?.('closed', 'the server ended the stream');
    } catch (error) {
      if (closed) return;
      options.onState?.('closed', error instanceof Error ? error.message : String(error));
    }
    if (!closed) {
      retry = setTimeout(() => {
        connect().catch(() => undefined);
      }, 2000);
    }
  };
  connect().catch(() => undefined);
  return () => {
    closed = true;
    if (retry !== undefined) clearTimeout(retry);
    controller?.abort();
  };
}

function dispatch(block: string, onMessage: (message: StreamMessage) => void): void {
  let event = 'message';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) continue;
    if (line.startsWith('event:')) event = line.slice(6).trim();
    else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
  }
  if (data.length === 0) return;
  try {
    onMessage({ event, data: JSON.parse(data.join('\n')) as unknown });
  } catch {
    onMessage({ event, data: data.join('\n') });
  }
}
