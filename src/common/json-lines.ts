import type { Duplex } from 'node:stream';

/** Longest message accepted from a Python process; a longer one ends the conversation. */
export const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

/**
 * One JSON object per line over the socket Squall gives its Python processes as fd 3. Messages
 * come from pack code's process: malformed lines are reported, never trusted.
 */
export class JsonLines {
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  constructor(
    private readonly socket: Duplex,
    onMessage: (message: Record<string, unknown>) => void,
    onProblem: (problem: string) => void,
  ) {
    socket.on('error', (error) => onProblem(`channel error: ${error.message}`));
    socket.on('data', (chunk: Buffer) => {
      let start = 0;
      for (let newline = chunk.indexOf(10); newline >= 0; newline = chunk.indexOf(10, start)) {
        const line = Buffer.concat([...this.pending, chunk.subarray(start, newline)]);
        this.pending = [];
        this.pendingBytes = 0;
        start = newline + 1;
        const message = parse(line);
        if (message) onMessage(message);
        else if (line.length > 0) onProblem('a malformed message was ignored');
      }
      if (start < chunk.length) {
        this.pending.push(chunk.subarray(start));
        this.pendingBytes += chunk.length - start;
        if (this.pendingBytes > MAX_MESSAGE_BYTES) {
          this.pending = [];
          this.pendingBytes = 0;
          onProblem(`a message longer than ${MAX_MESSAGE_BYTES} bytes was dropped`);
          socket.destroy();
        }
      }
    });
  }

  send(message: unknown): void {
    if (this.socket.writable) this.socket.write(`${JSON.stringify(message)}\n`);
  }

  close(): void {
    this.socket.end();
  }
}

function parse(line: Buffer): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(line.toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
