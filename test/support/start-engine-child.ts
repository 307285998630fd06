import { spawn } from 'node:child_process';
import path from 'node:path';

import type { TempHome } from './temp-home.js';

const CHILD = path.join(import.meta.dirname, 'run-chain-engine-child.ts');

/**
 * Starts run-chain-engine-child.ts on the home and resolves with the ids it prints once the line
 * starting with `marker` appears, and a kill that SIGKILLs the engine.
 */
export function startEngineChild(
  temp: TempHome,
  marker: 'PENDING' | 'DELAYED',
  args: readonly string[],
): Promise<{ ids: string[]; kill: () => Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, temp.home, temp.bundled, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    child.on('exit', (code) => reject(new Error(`engine child exited early (${code})`)));
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split('\n').find((text) => text.startsWith(`${marker} `));
      if (!line) return;
      resolve({
        ids: line.split(' ').slice(1),
        kill: () =>
          new Promise((done) => {
            child.removeAllListeners('exit');
            child.on('exit', () => done());
            child.kill('SIGKILL');
          }),
      });
    });
  });
}
