import { spawn } from 'node:child_process';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { createEngine } from '../../src/engine/create-engine.js';
import { silentLogger } from '../../src/common/logger.js';
import { makeTempHome, type TempHome } from '../support/temp-home.js';

const CHILD = path.join(import.meta.dirname, '../support/run-engine-child.ts');

function startChild(temp: TempHome, cmd: string): Promise<{ id: string; kill: () => Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, temp.home, temp.bundled, cmd], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    child.on('exit', (code) => reject(new Error(`engine child exited early (${code})`)));
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /RUNNING (\S+)/.exec(output);
      if (match) {
        resolve({
          id: match[1]!,
          kill: () =>
            new Promise((done) => {
              child.removeAllListeners('exit');
              child.on('exit', () => done());
              child.kill('SIGKILL');
            }),
        });
      }
    });
  });
}

describe('a crash mid-execution', () => {
  let temp: TempHome;
  beforeEach(async () => {
    temp = await makeTempHome();
  });
  afterEach(async () => {
    await temp.cleanup();
  });

  it('marks the running execution abandoned at the next start instead of leaving it running', async () => {
    const { id, kill } = await startChild(temp, 'sleep 4');
    await kill();
    const engine = await createEngine({
      home: temp.home,
      bundledPacksDirs: [temp.bundled],
      logger: silentLogger(),
      sensors: false,
    });
    try {
      const execution = await engine.store.getExecution(id);
      expect(execution?.status).toBe('abandoned');
      expect(execution?.error).toMatch(/stopped while/);
      expect(execution?.end_timestamp).not.toBeNull();
    } finally {
      await engine.stop();
    }
  });
});
