import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const ENTRY = fileURLToPath(new URL('./squall-entry.ts', import.meta.url));
const TSX = createRequire(import.meta.url).resolve('tsx');

export interface Server {
  child: ChildProcess;
  url: string;
  stderr(): string;
  exited: Promise<number | null>;
}

/**
 * `squall start --json --port 0` in its own process (run from source), resolved once it prints where
 * it listens. `args` are added to the command line; `env` over the test's own.
 */
export function startServer(
  home: string,
  options: { args?: readonly string[]; env?: NodeJS.ProcessEnv } = {},
): Promise<Server> {
  const child = spawn(
    process.execPath,
    ['--import', TSX, ENTRY, 'start', '--home', home, '--port', '0', '--json', ...(options.args ?? [])],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, SQUALL_LOG_LEVEL: 'info', ...options.env },
    },
  );
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`squall start did not come up:\n${stderr}`)), 120_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = stdout.split('\n')[0];
      if (!stdout.includes('\n') || !line) return;
      clearTimeout(timer);
      resolve({ child, url: (JSON.parse(line) as { url: string }).url, stderr: () => stderr, exited });
    });
    exited.then((code) => reject(new Error(`squall start exited with ${code}:\n${stderr}`)), reject);
  });
}

/** SIGTERM, then the exit code (SIGKILL after 30 s so a hung server cannot outlive the test). */
export async function stopServer(server: Server): Promise<number | null> {
  if (server.child.exitCode !== null) return server.child.exitCode;
  server.child.kill('SIGTERM');
  const timer = setTimeout(() => server.child.kill('SIGKILL'), 30_000);
  try {
    return await server.exited;
  } finally {
    clearTimeout(timer);
  }
}
