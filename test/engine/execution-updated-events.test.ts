import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { Execution } from '../../src/domain/execution.js';
import { createEngine, type Engine } from '../../src/engine/create-engine.js';
import { silentLogger } from '../../src/logger.js';
import { makeTempHome, type TempHome } from '../support/temp-home.js';

describe('execution.updated on the bus', () => {
  let temp: TempHome;
  let engine: Engine;

  beforeEach(async () => {
    temp = await makeTempHome();
    engine = await createEngine({
      home: temp.home,
      bundledPacksDirs: [temp.bundled],
      logger: silentLogger(),
      sensors: false,
    });
  });

  afterEach(async () => {
    await engine.stop();
    await temp.cleanup();
  });

  it('is published when a run is requested, when it starts running and when it ends', async () => {
    const seen: Execution[] = [];
    const subscription = engine.bus.on('execution.updated').subscribe((execution) => seen.push(execution));
    try {
      const requested = await engine.run({ action: 'core.local', parameters: { cmd: 'echo hi' } });
      await engine.waitForExecution(requested.id, { timeoutMs: 20_000 });
      await engine.idle();
      const mine = seen.filter((execution) => execution.id === requested.id);
      expect(mine.map((execution) => execution.status)).toEqual(['requested', 'running', 'succeeded']);
      expect(mine[1]).toMatchObject({ runner: 'local-shell-cmd', end_timestamp: null });
      expect(mine[1]?.start_timestamp).toEqual(expect.any(String));
    } finally {
      subscription.unsubscribe();
    }
  });
});
