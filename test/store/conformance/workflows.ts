import { expect, it } from 'vitest';
import { ConflictError } from '../../../src/common/errors.js';
import type { WorkflowRecord } from '../../../src/domain/workflow.js';
import type { RecordStore } from '../../../src/store/record-store.js';
import type { WorkflowStore } from '../../../src/store/workflow-store.js';
import { execution, idAt } from './fixtures.js';
import { describeWithStore, type Closable, type StoreTestTarget } from './store-target.js';

type WorkflowTestStore = WorkflowStore & RecordStore & Closable;

function workflow(n: number, overrides: Partial<WorkflowRecord> = {}): WorkflowRecord {
  return {
    execution: idAt(n),
    kind: 'orquesta',
    status: 'running',
    state: { tasks: ['a'], nested: { ünïcode: '世界', n: 1.5, none: null } },
    finished: false,
    updated_at: '2026-03-01T10:00:00.000Z',
    ...overrides,
  };
}

/** The WorkflowStore contract: a step is one transaction, children once per request, due claims. */
export function testWorkflowStore(
  name: string,
  makeTarget: () => Promise<StoreTestTarget<WorkflowTestStore>>,
): void {
  describeWithStore(`workflow store conformance: ${name}`, makeTarget, (ctx) => {
    it('writes a step: the state, its children and the parent patch together', async () => {
      await ctx.store.insertExecution(execution(1, { status: 'requested' }));
      const child = execution(2, { parent: idAt(1) });
      const parent = await ctx.store.commitWorkflowStep({
        workflow: workflow(1),
        children: [{ execution: child, request: '1', due_ms: null }],
        parent: { status: 'running', start_timestamp: '2026-03-01T10:00:01.000Z' },
      });
      expect(parent).toMatchObject({ id: idAt(1), status: 'running' });
      expect(await ctx.store.getWorkflow(idAt(1))).toStrictEqual(workflow(1));
      expect(await ctx.store.getExecution(child.id)).toStrictEqual(child);
      expect((await ctx.store.listExecutions({ parent: idAt(1) })).map((e) => e.id)).toEqual([child.id]);
    });

    it('replaces the state on the next step and lists only unfinished workflows', async () => {
      await ctx.store.commitWorkflowStep({ workflow: workflow(1), children: [] });
      await ctx.store.commitWorkflowStep({ workflow: workflow(2), children: [] });
      const done = workflow(1, { status: 'succeeded', finished: true, state: { done: true } });
      expect(await ctx.store.commitWorkflowStep({ workflow: done, children: [] })).toBeUndefined();
      expect(await ctx.store.getWorkflow(idAt(1))).toStrictEqual(done);
      expect((await ctx.store.listUnfinishedWorkflows()).map((w) => w.execution)).toEqual([idAt(2)]);
    });

    it('refuses a second child for the same request and writes nothing of that step', async () => {
      await ctx.store.commitWorkflowStep({
        workflow: workflow(1),
        children: [{ execution: execution(2, { parent: idAt(1) }), request: '1', due_ms: null }],
      });
      const again = ctx.store.commitWorkflowStep({
        workflow: workflow(1, { status: 'failed' }),
        children: [{ execution: execution(3, { parent: idAt(1) }), request: '1', due_ms: null }],
      });
      await expect(again).rejects.toBeInstanceOf(ConflictError);
      expect(await ctx.store.getExecution(idAt(3))).toBeUndefined();
      expect((await ctx.store.getWorkflow(idAt(1)))?.status).toBe('running');
    });

    it('claims due delayed children once, and tells when the next one is due', async () => {
      const delayed = (n: number) => execution(n, { parent: idAt(1), status: 'delayed' });
      await ctx.store.commitWorkflowStep({
        workflow: workflow(1),
        children: [
          { execution: delayed(2), request: '1', due_ms: 1000 },
          { execution: delayed(3), request: '2', due_ms: 5000 },
        ],
      });
      expect(await ctx.store.nextWorkflowChildDue()).toBe(1000);
      expect(await ctx.store.claimDueWorkflowChildren(999)).toEqual([]);
      const [first, second] = await Promise.all([
        ctx.store.claimDueWorkflowChildren(1000),
        ctx.store.claimDueWorkflowChildren(1000),
      ]);
      expect([...first!, ...second!].map((e) => [e.id, e.status])).toEqual([[idAt(2), 'requested']]);
      expect(await ctx.store.nextWorkflowChildDue()).toBe(5000);
      await ctx.store.updateExecution(idAt(3), { status: 'canceled' });
      expect(await ctx.store.nextWorkflowChildDue()).toBeUndefined();
      expect(await ctx.store.claimDueWorkflowChildren(10_000)).toEqual([]);
    });

    it('does not abandon a running workflow at start, but does abandon its running child', async () => {
      await ctx.store.insertExecution(execution(1, { status: 'requested' }));
      await ctx.store.commitWorkflowStep({
        workflow: workflow(1),
        children: [
          { execution: execution(2, { parent: idAt(1), status: 'running' }), request: '1', due_ms: null },
        ],
        parent: { status: 'running' },
      });
      const abandoned = await ctx.store.abandonRunningExecutions('the process stopped');
      expect(abandoned.map((e) => e.id)).toEqual([idAt(2)]);
      expect((await ctx.store.getExecution(idAt(1)))?.status).toBe('running');
    });
  });
}
