import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * `squall start` records itself in `<home>/data/squall.pid` (the process id) and `squall.url`
 * (where its API listens), so other CLI calls on the same home talk to it instead of opening the
 * SQLite file a second time.
 */
export interface ServerRecord {
  pid: number;
  url: string;
}

const PID_FILE = 'squall.pid';
const URL_FILE = 'squall.url';

export function serverFiles(home: string): { pid: string; url: string } {
  const dataDir = path.join(home, 'data');
  return { pid: path.join(dataDir, PID_FILE), url: path.join(dataDir, URL_FILE) };
}

export async function writeServerRecord(home: string, record: ServerRecord): Promise<void> {
  const files = serverFiles(home);
  await writeFile(files.url, `${record.url}\n`, { mode: 0o600 });
  await writeFile(files.pid, `${record.pid}\n`, { mode: 0o600 });
}

/** Removes the record, but only when it is this process's (a second server may have replaced it). */
export async function removeServerRecord(home: string, pid: number): Promise<void> {
  const record = await readServerRecord(home, { requireAlive: false });
  if (record && record.pid !== pid) return;
  const files = serverFiles(home);
  await rm(files.pid, { force: true });
  await rm(files.url, { force: true });
}

/** The server running on this home, or undefined when there is none (or only a stale record). */
export async function readServerRecord(
  home: string,
  options: { requireAlive?: boolean } = {},
): Promise<ServerRecord | undefined> {
  const files = serverFiles(home);
  const [pidText, url] = await Promise.all([readOptional(files.pid), readOptional(files.url)]);
  const pid = Number(pidText?.trim());
  if (!Number.isInteger(pid) || pid <= 0 || !url?.trim()) return undefined;
  if (options.requireAlive !== false && !isAlive(pid)) return undefined;
  return { pid, url: url.trim() };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readOptional(file: string): Promise<string | undefined> {
  return readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
}
