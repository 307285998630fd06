/**
 * Claims the work an action would do now, atomically in the store; undefined when nothing is due.
 * What it claimed travels in the execution's context (`due_work`), so the run does exactly that.
 */
export type DueWorkClaim = () => Promise<Record<string, unknown> | undefined>;

/**
 * Actions whose rule-triggered runs claim their work first (the bundled rollback timer): when
 * nothing is due, the rule's tick leaves no enforcement and no execution. By action ref.
 */
export type DueWorkRegistry = ReadonlyMap<string, DueWorkClaim>;

export const DUE_WORK_CONTEXT_KEY = 'due_work';
