import type { KeyValueLookup } from '../../snapshot/model/rule-definition.js';
import type { TemplateContext } from '../../templates/template-types.js';
import type { ActionStatus, Status } from '../conductor/statuses.js';
import type { ChainNode, ChainSpec } from './parse-chain.js';
import { RenderValueError, renderValues } from './render-values.js';

/** One node run, in the shape StackStorm's ActionChain result lists it. */
export interface ChainTaskEntry {
  id: string;
  name: string;
  execution_id: string | null;
  state: Status;
  result: unknown;
  created_at: string;
  updated_at: string;
}

export interface ChainResult {
  tasks: ChainTaskEntry[];
  /** Present even when nothing was published. */
  published: Record<string, unknown>;
  /** A chain-level failure (vars, parameters, a missing node). */
  error?: string;
}

/** An ActionChain execution's progress as plain JSON. */
export interface ChainState {
  status: Status;
  parameters: Record<string, unknown>;
  /** `action_context.parent`: the chain execution's own context and id. */
  parent: Record<string, unknown>;
  vars: Record<string, unknown>;
  /** Result of each node by name, as templates read them (`{{ node.stdout }}`). */
  results: Record<string, unknown>;
  result: ChainResult;
  /** The node whose action runs now (or that paused). */
  current?: { node: string; requestId: string; createdAt: string };
  requests: number;
  finished: boolean;
}

export type ChainEvent =
  | { kind: 'start'; parameters?: Record<string, unknown>; context?: Record<string, unknown> }
  | { kind: 'action'; status: ActionStatus; result?: unknown; executionId?: string }
  /** The current node's execution could not even be created (an action not installed, bad parameters). */
  | { kind: 'not_run'; error: string; missingAction: boolean }
  | { kind: 'pause' }
  | { kind: 'resume' }
  | { kind: 'cancel' };

export type ChainCommand =
  | { kind: 'request_action'; id: string; node: string; action: string; input: Record<string, unknown> }
  | { kind: 'cancel_action' | 'pause_action' | 'resume_action'; node: string }
  | { kind: 'status'; status: Status }
  | { kind: 'finish'; status: Status; result: ChainResult };

export interface ChainEnvironment {
  now: string;
  kv?: KeyValueLookup;
  user?: string;
  decrypt?: (ciphertext: string) => string;
  /** The pack's config, `config_context` in templates. */
  config?: Record<string, unknown>;
  /** Whether an action ref exists; without it every ref is taken to exist. */
  actionExists?: (ref: string) => boolean;
  /** The parameters of an action that a shell runs (core.local's `cmd`): rendered shell-quoted. */
  shellParameters?: (ref: string) => ReadonlySet<string>;
}

/**
 * ActionChain as a pure state machine, following st2's action_chain_runner: nodes run one at a
 * time; success follows on-success, failure (and timeout) on-failure; the chain ends with the
 * status of the last node that ran.
 */
export function conductChain(
  spec: ChainSpec,
  current: ChainState | undefined,
  event: ChainEvent,
  env: ChainEnvironment,
) {
  const state = current ? structuredClone(current) : emptyChain();
  const commands: ChainCommand[] = [];
  const before = state.status;
  const run = new ChainRun(spec, state, env, commands);
  if (!state.finished) {
    if (event.kind === 'start') run.start(event);
    else if (event.kind === 'action') run.completed(event);
    else if (event.kind === 'not_run') run.notRun(event);
    else run.request(event.kind);
  }
  if (!state.finished && state.status !== before) commands.push({ kind: 'status', status: state.status });
  return { state, commands };
}

function emptyChain(): ChainState {
  return {
    status: 'requested',
    parameters: {},
    parent: {},
    vars: {},
    results: {},
    result: { tasks: [], published: {} },
    requests: 0,
    finished: false,
  };
}

/** st2's timestamp format: microseconds and Z. */
function isoMicro(now: string): string {
  return now.replace(/(\.\d{3})?Z$/, (_m, ms: string | undefined) => `${(ms ?? '.000').padEnd(7, '0')}Z`);
}

class ChainRun {
  constructor(
    private readonly spec: ChainSpec,
    private readonly state: ChainState,
    private readonly env: ChainEnvironment,
    private readonly commands: ChainCommand[],
  ) {}

  start(event: Extract<ChainEvent, { kind: 'start' }>): void {
    this.state.parameters = { ...event.parameters };
    this.state.parent = { ...event.context };
    this.state.status = 'running';
    try {
      this.state.vars = renderValues(this.spec.vars, this.context(this.state.parameters));
    } catch (error) {
      this.topLevelError('Failed initializing ``vars`` in chain', error);
      return this.finish('failed');
    }
    const first = this.node(this.spec.start);
    if (!first) return this.finish('succeeded');
    this.runNode(first);
  }

  completed(event: Extract<ChainEvent, { kind: 'action' }>): void {
    const running = this.state.current;
    const node = running && this.node(running.node);
    if (!running || !node) return;
    if (event.status === 'running' || event.status === 'scheduled' || event.status === 'delayed') return;
    const result = event.result ?? null;
    this.state.results[node.name] = result;
    this.state.result.tasks = this.state.result.tasks.filter(
      (task) => task.id !== node.name || (task.state !== 'paused' && task.state !== 'pending'),
    );
    this.state.result.tasks.push({
      id: node.name,
      name: node.name,
      execution_id: event.executionId ?? null,
      state: event.status,
      result,
      created_at: isoMicro(running.createdAt),
      updated_at: isoMicro(this.env.now),
    });
    // Publish waits for the node's final result (an inquiry's answer, a paused subchain's end).
    if (event.status === 'paused' || event.status === 'pending') return this.pause('paused');
    if (!this.publish(node, result)) return this.finish('failed');
    // An inquiry's answer (or expiry) resumes the chain it paused, as st2's respond resumes the root.
    if (this.state.status === 'paused') this.state.status = 'running';
    delete this.state.current;
    if (event.status === 'canceled' || this.state.status === 'canceling') return this.finish('canceled');
    const status: Status =
      event.status === 'timeout' ? 'timeout' : event.status === 'succeeded' ? 'succeeded' : 'failed';
    const nextName = status === 'succeeded' ? node.onSuccess : node.onFailure;
    if (nextName !== undefined && !this.node(nextName)) {
      this.topLevelError(
        `Failed to get next node "${node.name}"`,
        new Error(`Unable to find node with name "${nextName}".`),
      );
      return this.finish('failed');
    }
    if (this.state.status === 'pausing' && nextName !== undefined) {
      this.state.current = { node: nextName, requestId: '', createdAt: this.env.now };
      return this.pause('paused');
    }
    const next = this.node(nextName);
    if (!next) return this.finish(status);
    this.runNode(next);
  }

  /** st2 fails the chain with a top-level error and no task entry when a node's action cannot start. */
  notRun(event: Extract<ChainEvent, { kind: 'not_run' }>): void {
    const node = this.node(this.state.current?.node);
    if (!node) return;
    if (event.missingAction) {
      this.topLevelError(
        `Failed to run task "${node.name}". Action with reference "${node.ref}" doesn't exist`,
        new Error(`Task :: ${node.name} - Action with ref ${node.ref} not registered.`),
      );
    } else
      this.topLevelError(
        `Failed to run task "${node.name}". Parameter rendering failed`,
        new Error(event.error),
      );
    this.finish('failed');
  }

  request(kind: 'pause' | 'resume' | 'cancel'): void {
    const running = this.state.current;
    if (kind === 'resume') {
      if (this.state.status !== 'paused' && this.state.status !== 'pausing') return;
      // Waiting for an inquiry's answer: the answer resumes the chain, not a resume request.
      if (this.state.result.tasks.at(-1)?.state === 'pending') return;
      this.state.status = 'running';
      const node = running && this.node(running.node);
      if (!node) return;
      const paused = this.state.result.tasks.at(-1);
      if (paused?.id === node.name && paused.state === 'paused')
        this.commands.push({ kind: 'resume_action', node: node.name });
      else this.runNode(node);
      return;
    }
    const idle = !running || this.state.status === 'paused';
    if (kind === 'cancel') {
      if (idle) return this.finish('canceled');
      this.state.status = 'canceling';
      this.commands.push({ kind: 'cancel_action', node: running.node });
      return;
    }
    if (idle) return this.pause('paused');
    this.state.status = 'pausing';
    this.commands.push({ kind: 'pause_action', node: running.node });
  }

  private node(name: string | undefined): ChainNode | undefined {
    return name === undefined ? undefined : this.spec.nodes.find((node) => node.name === name);
  }

  private runNode(node: ChainNode): void {
    if (this.env.actionExists && !this.env.actionExists(node.ref)) {
      this.topLevelError(
        `Failed to run task "${node.name}". Action with reference "${node.ref}" doesn't exist`,
        new Error(`Task :: ${node.name} - Action with ref ${node.ref} not registered.`),
      );
      return this.finish('failed');
    }
    let input: Record<string, unknown>;
    try {
      const variables = { ...this.state.parameters, ...this.state.results, ...this.state.vars };
      input = renderValues(node.params, this.context(variables), this.env.shellParameters?.(node.ref));
    } catch (error) {
      const detail =
        error instanceof RenderValueError
          ? new Error(
              `Failed rendering value for action parameter "${error.key}" in task "${node.name}" (template string=${error.template}): ${error.message}`,
            )
          : error;
      this.topLevelError(`Failed to run task "${node.name}". Parameter rendering failed`, detail);
      return this.finish('failed');
    }
    this.state.requests += 1;
    const id = String(this.state.requests);
    this.state.current = { node: node.name, requestId: id, createdAt: this.env.now };
    this.commands.push({ kind: 'request_action', id, node: node.name, action: node.ref, input });
  }

  /** Publishes the node's variables; false when one cannot be rendered (the chain fails). */
  private publish(node: ChainNode, result: unknown): boolean {
    if (Object.keys(node.publish).length === 0) return true;
    const variables = {
      ...this.state.parameters,
      [node.name]: result,
      ...this.state.results,
      ...this.state.vars,
    };
    try {
      const published = renderValues(node.publish, this.context(variables));
      Object.assign(this.state.vars, published);
      Object.assign(this.state.result.published, published);
      return true;
    } catch (error) {
      const key = error instanceof RenderValueError ? error.key : '';
      this.topLevelError(
        `Failed rendering value for publish parameter "${key}" in task "${node.name}"`,
        error,
      );
      return false;
    }
  }

  private context(variables: Record<string, unknown>): TemplateContext {
    return {
      ...(this.env.kv ? { kv: this.env.kv } : {}),
      ...(this.env.user !== undefined ? { user: this.env.user } : {}),
      ...(this.env.decrypt ? { decrypt: this.env.decrypt } : {}),
      action_context: { parent: this.state.parent },
      config_context: this.env.config ?? {},
      extra: { ...variables, __results: this.state.results },
    };
  }

  private topLevelError(message: string, error: unknown): void {
    this.state.result.error = `${message}. ${error instanceof Error ? error.message : String(error)}`;
  }

  private pause(status: 'paused'): void {
    this.state.status = status;
  }

  private finish(status: Status): void {
    this.state.status = status;
    this.state.finished = true;
    delete this.state.current;
    this.commands.push({ kind: 'finish', status, result: this.state.result });
  }
}
