import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { beforeAll, describe, expect, it } from 'vitest';

import { loadActionFile } from '../../src/actions/load-action-file.js';
import { resolveActionParameters } from '../../src/actions/resolve-parameters.js';
import type { ActionDefinition } from '../../src/snapshot/model/action-definition.js';
import { ValidationError } from '../../src/common/errors.js';
import { defineAction } from './action-fixtures.js';

const CORE = fileURLToPath(new URL('../../packs/core', import.meta.url));
const loadCore = (name: string) =>
  loadActionFile(path.join(CORE, 'actions', `${name}.yaml`), { pack: 'core', packDir: CORE });

function resolveError(action: ActionDefinition, supplied: Record<string, unknown>): ValidationError {
  try {
    resolveActionParameters(action, supplied);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error('expected a ValidationError');
}

describe('resolveActionParameters', () => {
  let local: ActionDefinition;
  let http: ActionDefinition;
  beforeAll(async () => {
    local = await loadCore('local');
    http = await loadCore('http');
  });

  it("applies the runner's and the action's defaults", () => {
    expect(resolveActionParameters(local, { cmd: 'uptime' })).toEqual({
      cmd: 'uptime',
      kwarg_op: '--',
      sudo: false,
      timeout: 60,
    });
  });

  it('refuses unknown parameters, suggesting the close one', () => {
    const error = resolveError(local, { cmd: 'ls', timout: 5 });
    expect(error.code).toBe('E_UNKNOWN_PARAMETER');
    expect(error.message).toMatch(
      /action core.local: unknown parameter "timout" \(did you mean "timeout"\?\)/,
    );
  });

  it('refuses overriding an immutable parameter', () => {
    const error = resolveError(local, { cmd: 'ls', sudo: true });
    expect(error.code).toBe('E_IMMUTABLE_PARAMETER');
    expect(error.message).toMatch(/parameter "sudo" is immutable/);
  });

  it('reports a missing required parameter', () => {
    const error = resolveError(local, {});
    expect(error.code).toBe('E_REQUIRED_PARAMETER');
    expect(error.message).toMatch(/parameter "cmd" is required/);
  });

  it('checks enums and lists the allowed values', () => {
    const error = resolveError(http, { url: 'http://127.0.0.1/', method: 'FETCH' });
    expect(error.code).toBe('E_PARAMETER_INVALID');
    expect(error.message).toMatch(/"method" is "FETCH", which is not one of \["HEAD","GET"/);
  });

  it('validates types and reports every problem at once', () => {
    const action = defineAction({
      runner_type: 'noop',
      parameters: {
        count: { type: 'integer', required: true },
        tags: { type: 'array', items: { type: 'string' } },
        name: { type: 'string', required: true },
      },
    });
    const error = resolveError(action, { count: 1.5, tags: ['a', 2] });
    expect(error.code).toBe('E_PARAMETER_INVALID');
    const problems = (error.details?.['problems'] as { parameter: string }[]).map((p) => p.parameter);
    expect(problems).toEqual(expect.arrayContaining(['count', 'tags', 'name']));
  });

  it('casts strings to the declared type (as from the CLI)', () => {
    expect(resolveActionParameters(local, { cmd: 'ls', timeout: '15' })).toMatchObject({ timeout: 15 });
  });

  it('treats null as no value for an optional parameter', () => {
    expect(resolveActionParameters(local, { cmd: 'ls', cwd: null })).not.toHaveProperty('cwd');
  });

  it('renders template defaults with the other parameters', () => {
    const action = defineAction({
      runner_type: 'noop',
      parameters: { who: { type: 'string' }, greeting: { type: 'string', default: 'hello {{ who }}' } },
    });
    expect(resolveActionParameters(action, { who: 'ops' })).toEqual({ who: 'ops', greeting: 'hello ops' });
  });

  it('takes supplied values literally without a context, so templates in data are not rendered', () => {
    const action = defineAction({ runner_type: 'noop', parameters: { note: { type: 'string' } } });
    expect(resolveActionParameters(action, { note: '{{ 7 * 6 }}' })).toEqual({ note: '{{ 7 * 6 }}' });
  });

  it('renders supplied templates when given a context (a rule enforcement)', () => {
    const action = defineAction({
      runner_type: 'noop',
      parameters: { n: { type: 'integer' }, who: { type: 'string' } },
    });
    const resolved = resolveActionParameters(
      action,
      { n: '{{ trigger.count }}', who: '{{ trigger.user }}' },
      { context: { trigger: { count: 3, user: 'ann' } } },
    );
    expect(resolved).toEqual({ n: 3, who: 'ann' });
  });
});
