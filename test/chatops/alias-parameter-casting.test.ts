import { describe, expect, it } from 'vitest';

import { castAliasParameters } from '../../src/chatops/cast-alias-parameters.js';
import { renderImmutableParameters } from '../../src/chatops/render-immutable-parameters.js';
import { parseAliasDefinition } from '../../src/chatops/parse-alias-definition.js';
import type { ParameterSpecs } from '../../src/snapshot/model/action-definition.js';
import { ConflictError, ValidationError } from '../../src/common/errors.js';

const specs: ParameterSpecs = {
  packs: { type: 'array', items: { type: 'string' } },
  ports: { type: 'array', items: { type: 'integer' } },
  tags: { type: 'array' },
  count: { type: 'integer' },
  ratio: { type: 'number' },
  force: { type: 'boolean' },
  env: { type: 'object' },
  cmd: { type: 'string' },
  timeout: { type: 'integer', default: 60 },
};

describe('casting alias parameters to the action parameter types', () => {
  it('splits arrays on commas (st2 CAST_OVERRIDES), trims items, casts typed items', () => {
    expect(castAliasParameters({ packs: 'st2, aws ,github', ports: '80,443', tags: 'a' }, specs)).toEqual({
      packs: ['st2', 'aws', 'github'],
      ports: [80, 443],
      tags: ['a'],
    });
  });

  it('reads a JSON list as a list', () => {
    expect(castAliasParameters({ packs: '["a,b", "c"]' }, specs)).toEqual({ packs: ['a,b', 'c'] });
  });

  it('casts integers, numbers, booleans and JSON objects; strings stay strings', () => {
    expect(
      castAliasParameters(
        { count: '3', ratio: '0.5', force: 'true', env: '{"A": "1"}', cmd: 'echo 1' },
        specs,
      ),
    ).toEqual({ count: 3, ratio: 0.5, force: true, env: { A: '1' }, cmd: 'echo 1' });
  });

  it('refuses a value of the wrong type and a parameter the action does not have', () => {
    expect(() => castAliasParameters({ count: 'many' }, specs)).toThrow(ValidationError);
    expect(() => castAliasParameters({ count: 'many' }, specs)).toThrow(/"count"/);
    expect(() => castAliasParameters({ colour: 'red' }, specs, { actionRef: 'core.x' })).toThrow(
      /"colour" is not a parameter of core.x \(its parameters: packs, ports/,
    );
  });

  it('injects immutable parameters, cast to their types', () => {
    expect(
      castAliasParameters({ cmd: 'ls' }, specs, { immutableParameters: { timeout: '30', force: true } }),
    ).toEqual({ cmd: 'ls', timeout: 30, force: true });
  });

  it('refuses a user value for an immutable parameter', () => {
    let error: unknown;
    try {
      castAliasParameters({ cmd: 'ls', timeout: '1' }, specs, {
        immutableParameters: { timeout: 30 },
        aliasRef: 'ops.run',
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).code).toBe('E_ALIAS_IMMUTABLE');
    expect((error as ConflictError).message).toMatch(
      /"timeout" cannot be set from chat: the alias ops.run fixes it/,
    );
  });

  it('renders Jinja in immutable parameters with the datastore and the requesting user', () => {
    const alias = parseAliasDefinition(
      {
        name: 'run',
        action_ref: 'core.local',
        formats: ['run {{cmd}}'],
        immutable_parameters: {
          cmd_user: '{{ action_context.user }}',
          where: 'from {{ source_channel }}',
          region: '{{ st2kv.system.region }}',
          timeout: 30,
        },
      },
      { pack: 'ops' },
    );
    const kv = {
      get: (scope: string, key: string) => (scope === 'system' && key === 'region' ? 'eu-west-1' : undefined),
    };
    expect(renderImmutableParameters(alias, { user: 'alice', channel: 'ops-room' }, kv)).toEqual({
      cmd_user: 'alice',
      where: 'from ops-room',
      region: 'eu-west-1',
      timeout: 30,
    });
  });
});
