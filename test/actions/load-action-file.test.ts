import { writeFile } from 'node:fs/promises';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { loadActionFile } from '../../src/actions/load-action-file.js';
import { ValidationError } from '../../src/common/errors.js';
import { makeTempDir } from './action-fixtures.js';

describe('loadActionFile', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeEach(async () => {
    temp = await makeTempDir();
  });
  afterEach(() => temp.cleanup());

  async function load(yaml: string) {
    const file = path.join(temp.dir, 'action.yaml');
    await writeFile(file, yaml);
    return loadActionFile(file, { pack: 'mypack', packDir: temp.dir });
  }

  async function loadError(yaml: string): Promise<ValidationError> {
    const error = await load(yaml).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }

  it('loads st2 metadata with defaults and merges runner parameters (action wins, immutable ORed)', async () => {
    const action = await load(
      [
        'name: greet',
        'runner_type: local-shell-cmd',
        'description: says hi',
        'parameters:',
        '  who:',
        '    type: string',
        '    required: true',
        '  cmd:',
        '    immutable: true',
        '    default: echo hi {{ who }}',
        '  timeout:',
        '    default: 5',
        'tags:',
        '  - name: team',
        '    value: ops',
      ].join('\n'),
    );
    expect(action.ref).toBe('mypack.greet');
    expect(action.spec).toMatchObject({ pack: 'mypack', enabled: true, runner_type: 'local-shell-cmd' });
    expect(action.spec.tags).toEqual([{ name: 'team', value: 'ops' }]);
    expect(action.unsupported).toBeUndefined();
    expect(action.parameters['cmd']).toMatchObject({
      type: 'string',
      immutable: true,
      default: 'echo hi {{ who }}',
    });
    expect(action.parameters['timeout']).toMatchObject({ type: 'integer', default: 5 });
    expect(action.parameters['kwarg_op']).toMatchObject({ default: '--' });
    expect(action.parameters['who']).toMatchObject({ type: 'string', required: true });
  });

  it('gives an action whose runner has no parameters empty parameters and enabled: true', async () => {
    const action = await load('name: a\nrunner_type: noop\nparameters: {}\n');
    expect(action.parameters).toEqual({});
    expect(action.spec.enabled).toBe(true);
  });

  it('marks runners Squall lacks as unsupported with the reason', async () => {
    const action = await load('name: win\nrunner_type: winrm-cmd\nparameters: {}\n');
    expect(action.unsupported).toMatch(/WinRM runners are not supported/);
  });

  it('accepts st2 runner aliases', async () => {
    const action = await load('name: a\nrunner_type: run-local\nparameters:\n  cmd:\n    default: "true"\n');
    expect(action.parameters['sudo']).toBeDefined();
  });

  it('reports an unknown runner with a suggestion and the line', async () => {
    const error = await loadError('name: a\ndescription: x\nrunner_type: local-shel-cmd\n');
    expect(error.code).toBe('E_ACTION_INVALID');
    expect(error.message).toMatch(
      /action\.yaml:3: .*unknown runner_type "local-shel-cmd" \(did you mean "local-shell-cmd"\?\)/,
    );
  });

  it('reports an unknown field with its line and a suggestion', async () => {
    const error = await loadError('name: a\nrunner_type: noop\nparamters: {}\n');
    expect(error.message).toMatch(
      /action\.yaml:3: unknown field "paramters" \(did you mean "parameters"\?\)/,
    );
    expect(error.location).toEqual({ file: path.join(temp.dir, 'action.yaml'), line: 3 });
  });

  it('rejects bad parameter names, types and flags at their line', async () => {
    const badName = await loadError(
      'name: a\nrunner_type: noop\nparameters:\n  bad-name:\n    type: string\n',
    );
    expect(badName.message).toMatch(
      /:4: parameter name "bad-name" may only hold letters, digits and underscores/,
    );
    const badType = await loadError('name: a\nrunner_type: noop\nparameters:\n  n:\n    type: strng\n');
    expect(badType.message).toMatch(/:5: parameter "n": unknown type "strng" \(did you mean "string"\?\)/);
    const badFlag = await loadError('name: a\nrunner_type: noop\nparameters:\n  n:\n    required: "yes"\n');
    expect(badFlag.message).toMatch(/:5: parameter "n": "required" must be true or false/);
  });

  it('rejects two parameters at the same position', async () => {
    const error = await loadError(
      'name: a\nrunner_type: noop\nparameters:\n  x:\n    position: 0\n  y:\n    position: 0\n',
    );
    expect(error.message).toMatch(/:7: parameters "x" and "y" both have position 0/);
  });

  it('rejects a pack field that differs from the pack', async () => {
    const error = await loadError('name: a\npack: other\nrunner_type: noop\n');
    expect(error.message).toMatch(/:2: "pack" is "other" but the action is in pack "mypack"/);
  });

  it('requires name, runner_type, and an entry_point for script runners', async () => {
    expect((await loadError('runner_type: noop\n')).message).toMatch(/"name" is required/);
    expect((await loadError('name: a\n')).message).toMatch(/"runner_type" is required/);
    expect((await loadError('name: a\nrunner_type: local-shell-script\n')).message).toMatch(
      /needs "entry_point"/,
    );
  });

  it('turns a YAML syntax error into a ValidationError with the line', async () => {
    const error = await loadError('name: a\nrunner_type: [noop\n');
    expect(error.code).toBe('E_YAML');
    expect(error.location?.line).toBeGreaterThan(1);
  });
});
