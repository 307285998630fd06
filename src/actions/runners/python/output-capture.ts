/**
 * One output stream (stdout or stderr) of a warm worker, split into executions by the markers the
 * worker writes around each run (`\x1e\x1f<token>B\x1f\x1e` … `\x1e\x1f<token>E\x1f\x1e`). What an
 * execution writes is kept up to a bound; output between runs is dropped.
 */
export class OutputCapture {
  private readonly begin: Buffer;
  private readonly end: Buffer;
  private carry: Buffer = Buffer.alloc(0);
  private capturing = false;
  private chunks: Buffer[] = [];
  private kept = 0;
  private dropped = 0;
  private onEnd: (() => void) | undefined;
  private onData: ((data: Buffer) => void) | undefined;

  constructor(
    token: string,
    private readonly limit: number,
  ) {
    this.begin = Buffer.from(`\x1e\x1f${token}B\x1f\x1e`);
    this.end = Buffer.from(`\x1e\x1f${token}E\x1f\x1e`);
  }

  /** Receives what the current run writes as it is kept (undefined: stop). */
  listen(onData: ((data: Buffer) => void) | undefined): void {
    this.onData = onData;
  }

  /** Resolves when the end marker of the current run has been read. */
  ended(): Promise<void> {
    return new Promise((resolve) => (this.onEnd = resolve));
  }

  push(chunk: Buffer): void {
    let data = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : chunk;
    this.carry = Buffer.alloc(0);
    for (;;) {
      const marker = this.capturing ? this.end : this.begin;
      const at = data.indexOf(marker);
      if (at < 0) break;
      if (this.capturing) this.keep(data.subarray(0, at));
      data = data.subarray(at + marker.length);
      this.capturing = !this.capturing;
      if (!this.capturing) this.finish();
    }
    // A marker may be cut between two chunks: hold back what could be its beginning.
    const hold = Math.min(data.length, this.begin.length - 1);
    const partial = data.lastIndexOf(0x1e, data.length - 1);
    const keepFrom = partial >= data.length - hold && partial >= 0 ? partial : data.length;
    if (this.capturing) this.keep(data.subarray(0, keepFrom));
    this.carry = Buffer.from(data.subarray(keepFrom));
  }

  /** The current run's text, and starts over for the next run. */
  take(): string {
    if (this.capturing) this.keep(this.carry);
    const text = Buffer.concat(this.chunks).toString('utf8');
    const result =
      this.dropped > 0 ? `${text}\n[output truncated: ${this.dropped} more bytes dropped]` : text;
    this.chunks = [];
    this.kept = 0;
    this.dropped = 0;
    return result;
  }

  /** The process ended: whatever it wrote counts as the current run's. */
  close(): void {
    if (this.capturing) this.keep(this.carry);
    this.carry = Buffer.alloc(0);
    this.capturing = false;
    this.finish();
  }

  private keep(part: Buffer): void {
    if (part.length === 0) return;
    const room = this.limit - this.kept;
    if (room >= part.length) {
      const copy = Buffer.from(part);
      this.chunks.push(copy);
      this.kept += part.length;
      this.onData?.(copy);
      return;
    }
    if (room > 0) {
      const copy = Buffer.from(part.subarray(0, room));
      this.chunks.push(copy);
      this.kept += room;
      this.onData?.(copy);
    }
    this.dropped += part.length - Math.max(room, 0);
  }

  private finish(): void {
    const onEnd = this.onEnd;
    this.onEnd = undefined;
    onEnd?.();
  }
}
