import { describe, expect, it } from 'vitest';
import { BatchOpError, createWriteBatcher, type BatchRunner } from '../../src/store/write-batcher.js';

/** A runner over an array "database": a batch commits all its ops, or none when one throws. */
function arrayRunner(committed: number[][], rows: number[]): BatchRunner<number[]> {
  return async (ops) => {
    const draft = [...rows];
    const results: unknown[] = [];
    for (let i = 0; i < ops.length; i++) {
      try {
        results.push(ops[i]!(draft));
      } catch (error) {
        throw new BatchOpError(i, error);
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
    rows.splice(0, rows.length, ...draft);
    committed.push(results as number[]);
    return results;
  };
}

const push = (n: number) => (rows: number[]) => {
  if (n < 0) throw new Error(`negative ${n}`);
  rows.push(n);
  return n;
};

describe('write batcher', () => {
  it('commits the writes of one tick in one transaction, and later writes in the next', async () => {
    const committed: number[][] = [];
    const rows: number[] = [];
    const batcher = createWriteBatcher({ run: arrayRunner(committed, rows) });
    const first = Promise.all([1, 2, 3].map((n) => batcher.write(push(n))));
    await new Promise((resolve) => setImmediate(resolve));
    const second = Promise.all([4, 5].map((n) => batcher.write(push(n))));
    expect(await first).toEqual([1, 2, 3]);
    expect(await second).toEqual([4, 5]);
    expect(committed).toEqual([
      [1, 2, 3],
      [4, 5],
    ]);
  });

  it('splits at maxBatchSize', async () => {
    const committed: number[][] = [];
    const batcher = createWriteBatcher({ run: arrayRunner(committed, []), maxBatchSize: 2 });
    await Promise.all([1, 2, 3, 4, 5].map((n) => batcher.write(push(n))));
    expect(committed).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('rejects only the failing writes and commits the rest', async () => {
    const committed: number[][] = [];
    const rows: number[] = [];
    const batcher = createWriteBatcher({ run: arrayRunner(committed, rows) });
    const results = await Promise.allSettled([1, -2, 3, -4, 5].map((n) => batcher.write(push(n))));
    expect(results.map((r) => r.status)).toEqual([
      'fulfilled',
      'rejected',
      'fulfilled',
      'rejected',
      'fulfilled',
    ]);
    expect(rows).toEqual([1, 3, 5]);
    expect(committed).toEqual([[1, 3, 5]]);
  });

  it('rejects the whole batch with a BackendError when the transaction fails', async () => {
    const batcher = createWriteBatcher<number[]>({
      run: async () => {
        throw new Error('disk full');
      },
      name: 'store (test)',
    });
    const writes = [batcher.write(push(1)), batcher.write(push(2))];
    for (const write of writes) {
      await expect(write).rejects.toMatchObject({
        code: 'E_STORE_WRITE',
        message: 'store (test): write transaction failed: disk full',
      });
    }
  });

  it('flush() waits for queued writes and close() refuses new ones', async () => {
    const rows: number[] = [];
    const batcher = createWriteBatcher({ run: arrayRunner([], rows) });
    const first = batcher.write(push(1));
    expect(batcher.pending).toBe(1);
    await batcher.flush();
    expect(rows).toEqual([1]);
    const second = batcher.write(push(2));
    await batcher.close();
    expect(rows).toEqual([1, 2]);
    await Promise.all([first, second]);
    await expect(batcher.write(push(3))).rejects.toMatchObject({ code: 'E_STORE_CLOSED' });
  });
});
