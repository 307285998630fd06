import { open, stat, type FileHandle } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';

import { watch, type FSWatcher } from 'chokidar';

import { errorMessage } from '../../common/errors.js';
import type { Logger } from '../../common/logger.js';

const CHUNK_BYTES = 64 * 1024;
// chokidar drops a change that follows an add within its throttle window (a file created then written
// at once), so events are backed by a cheap stat every second, as tail -F polls.
const POLL_MS = 1000;

/**
 * Follows a file like `tail -F`: starts at its end, reports each complete new line in order, keeps
 * a partial last line until its newline arrives, and follows the name across rotation (the file is
 * replaced: the old one is read to its end first) and truncation (reading restarts at 0).
 */
export class LineTailer {
  private handle: FileHandle | undefined;
  private inode = -1;
  private position = 0;
  private decoder = new StringDecoder('utf8');
  private partial = '';
  private watcher: FSWatcher | undefined;
  private poller: NodeJS.Timeout | undefined;
  private queue: Promise<void> = Promise.resolve();
  private stopped = false;
  /** A sync is queued and has not begun: further events need no other. */
  private pending = false;

  constructor(
    private readonly filePath: string,
    private readonly onLine: (line: string) => Promise<void>,
    private readonly logger: Logger,
  ) {}

  /** Resolves once the file (or its future location) is watched. */
  async start(): Promise<void> {
    await this.openAt('end');
    const watcher = watch(this.filePath, { ignoreInitial: true, persistent: true });
    this.watcher = watcher;
    watcher.on('all', () => this.schedule());
    watcher.on('error', (error) =>
      this.logger.warn({ file: this.filePath, err: errorMessage(error) }, 'watch error'),
    );
    await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
    // Anything written between opening and the watch being ready is picked up now.
    this.schedule();
    this.poller = setInterval(() => this.schedule(), POLL_MS);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.poller);
    await this.watcher?.close();
    await this.queue;
    await this.closeHandle();
  }

  /** Resolves when every change seen so far has been read and reported. */
  idle(): Promise<void> {
    return this.queue;
  }

  private schedule(): void {
    if (this.pending) return;
    this.pending = true;
    this.queue = this.queue
      .then(() => {
        this.pending = false;
        return this.stopped ? undefined : this.sync();
      })
      .catch((error: unknown) =>
        this.logger.warn({ file: this.filePath, err: errorMessage(error) }, 'tail failed'),
      );
  }

  private async sync(): Promise<void> {
    const current = await stat(this.filePath).catch(() => undefined);
    if (this.handle && (!current || current.ino !== this.inode)) {
      // Rotated or removed: finish the old file before following the name.
      await this.readToEnd();
      await this.flushPartial();
      await this.closeHandle();
    }
    if (!current) return;
    if (!this.handle) await this.openAt('start');
    if (!this.handle) return;
    const { size } = await this.handle.stat();
    if (size < this.position) {
      this.logger.info({ file: this.filePath }, 'file truncated; reading from the start');
      this.position = 0;
      this.partial = '';
      this.decoder = new StringDecoder('utf8');
    }
    await this.readToEnd();
  }

  private async openAt(where: 'start' | 'end'): Promise<void> {
    try {
      const handle = await open(this.filePath, 'r');
      const info = await handle.stat();
      this.handle = handle;
      this.inode = info.ino;
      this.position = where === 'end' ? info.size : 0;
      this.partial = '';
      this.decoder = new StringDecoder('utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }

  private async readToEnd(): Promise<void> {
    const handle = this.handle;
    if (!handle) return;
    const buffer = Buffer.alloc(CHUNK_BYTES);
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, CHUNK_BYTES, this.position);
      if (bytesRead === 0) return;
      this.position += bytesRead;
      await this.emitText(this.decoder.write(buffer.subarray(0, bytesRead)));
    }
  }

  private async emitText(text: string): Promise<void> {
    const pieces = (this.partial + text).split('\n');
    this.partial = pieces.pop() ?? '';
    for (const piece of pieces) await this.onLine(piece.endsWith('\r') ? piece.slice(0, -1) : piece);
  }

  private async flushPartial(): Promise<void> {
    const rest = this.partial + this.decoder.end();
    this.partial = '';
    if (rest !== '') await this.onLine(rest.endsWith('\r') ? rest.slice(0, -1) : rest);
  }

  private async closeHandle(): Promise<void> {
    const handle = this.handle;
    this.handle = undefined;
    this.inode = -1;
    await handle?.close();
  }
}
