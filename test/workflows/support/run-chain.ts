import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  conductChain,
  type ChainCommand,
  type ChainEnvironment,
  type ChainEvent,
  type ChainResult,
  type ChainState,
} from '../../../src/workflows/action-chain/chain-conductor.js';
import { parseChainFile, type ChainSpec } from '../../../src/workflows/action-chain/parse-chain.js';
import type { Status } from '../../../src/workflows/conductor/statuses.js';
import { coreAction, type ActionOutcome } from './core-actions.js';
import { fixture, testClock } from './run-workflow.js';

export type ChainRequest = Extract<ChainCommand, { kind: 'request_action' }>;

export interface ChainRunOptions {
  parameters?: Record<string, unknown>;
  context?: Record<string, unknown>;
  actions?: Record<string, (input: Record<string, unknown>) => ActionOutcome>;
  env?: Partial<ChainEnvironment>;
}

export interface ChainRun {
  status: Status;
  result: ChainResult | undefined;
  requests: ChainRequest[];
  steps: ChainCommand[][];
  state: ChainState;
}

export function loadChain(path: string): ChainSpec {
  return parseChainFile(fixture(path), path);
}

/** Drives a chain to its end; core.local/echo/noop run as in core-actions.ts. */
export function runChain(path: string, options: ChainRunOptions = {}): ChainRun {
  const spec = loadChain(path);
  const cwd = mkdtempSync(join(tmpdir(), 'squall-chain-'));
  const now = testClock();
  const run: ChainRun = { status: 'null', result: undefined, requests: [], steps: [], state: undefined! };
  const pending: ChainRequest[] = [];
  const apply = (event: ChainEvent): void => {
    const step = conductChain(spec, run.state, event, {
      now: now(),
      shellParameters: (ref) => new Set(ref === 'core.local' ? ['cmd'] : []),
      ...options.env,
    });
    run.state = step.state;
    run.steps.push(step.commands);
    for (const command of step.commands) {
      if (command.kind === 'request_action') {
        run.requests.push(command);
        pending.push(command);
      }
      if (command.kind === 'finish') {
        run.status = command.status;
        run.result = command.result;
      }
    }
  };
  try {
    apply({ kind: 'start', parameters: options.parameters ?? {}, context: options.context ?? {} });
    while (pending.length > 0) {
      const request = pending.shift()!;
      const fake = options.actions?.[request.action];
      const outcome = fake ? fake(request.input) : coreAction(request.action, request.input, cwd);
      if (!outcome) throw new Error(`no fake for action ${request.action}`);
      apply({
        kind: 'action',
        status: outcome.status,
        result: outcome.result,
        executionId: `ex-${request.id}`,
      });
    }
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
  return run;
}
