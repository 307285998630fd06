import { describe, expect, it } from 'vitest';

import type { Execution } from '../../src/domain/execution.js';
import { useTempEngine } from '../support/temp-engine.js';

describe('execution.updated on the bus', () => {
  const current = useTempEngine();

  it('is published when a run is requested, when it starts running and when it ends', async () => {
    const seen: Execution[] = [];
    const subscription = current.engine.bus
      .on('execution.updated')
      .subscribe((execution) => seen.push(execution));
    try {
      const requested = await current.engine.run({ action: 'core.local', parameters: { cmd: 'echo hi' } });
      await current.engine.waitForExecution(requested.id, { timeoutMs: 20_000 });
      await current.engine.idle();
      const mine = seen.filter((execution) => execution.id === requested.id);
      expect(mine.map((execution) => execution.status)).toEqual(['requested', 'running', 'succeeded']);
      expect(mine[1]).toMatchObject({ runner: 'local-shell-cmd', end_timestamp: null });
      expect(mine[1]?.start_timestamp).toEqual(expect.any(String));
    } finally {
      subscription.unsubscribe();
    }
  });
});
