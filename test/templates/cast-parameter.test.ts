import { describe, expect, it } from 'vitest';
import type { ParameterSpec } from '../../src/snapshot/model/action-definition.js';
import { ValidationError } from '../../src/common/errors.js';
import { castParameterValue } from '../../src/templates/cast-parameter.js';

const cast = (value: unknown, spec: ParameterSpec): unknown => castParameterValue('p', value, spec);

describe('castParameterValue converts to the declared type', () => {
  it.each<[string, unknown, ParameterSpec, unknown]>([
    ['integer from text', '42', { type: 'integer' }, 42],
    ['integer from padded text', ' -7 ', { type: 'integer' }, -7],
    ['integer stays', 3, { type: 'integer' }, 3],
    ['number from text', '1.5', { type: 'number' }, 1.5],
    ['number from exponent', '1e3', { type: 'number' }, 1000],
    ['number from integer text', '2', { type: 'number' }, 2],
    ['boolean from true', 'true', { type: 'boolean' }, true],
    ['boolean from True', 'True', { type: 'boolean' }, true],
    ['boolean from FALSE', 'FALSE', { type: 'boolean' }, false],
    ['boolean from 1', '1', { type: 'boolean' }, true],
    ['boolean from 0', '0', { type: 'boolean' }, false],
    ['boolean from number 1', 1, { type: 'boolean' }, true],
    ['boolean stays', false, { type: 'boolean' }, false],
    ['array from JSON', '[1, "a"]', { type: 'array' }, [1, 'a']],
    ['array from commas', 'a, b ,c', { type: 'array' }, ['a', 'b', 'c']],
    ['array from one word', 'a', { type: 'array' }, ['a']],
    ['array from empty text', '', { type: 'array' }, []],
    ['array items cast', '80, 443', { type: 'array', items: { type: 'integer' } }, [80, 443]],
    ['array stays', ['x'], { type: 'array' }, ['x']],
    ['object from JSON', '{"a": {"b": 1}}', { type: 'object' }, { a: { b: 1 } }],
    ['object stays', { a: 1 }, { type: 'object' }, { a: 1 }],
    // st2's casts fall back to ast.literal_eval: a list or dict Jinja printed inside text.
    ['array from Python repr', "['a', True, None, 1.5]", { type: 'array' }, ['a', true, null, 1.5]],
    [
      'object from Python repr',
      "{'a': [1, 'x\\'y'], 'b': False}",
      { type: 'object' },
      { a: [1, "x'y"], b: false },
    ],
    ['string stays', 'x', { type: 'string' }, 'x'],
    ['null stays null', null, { type: 'integer' }, null],
    ['undefined stays undefined', undefined, { type: 'string' }, undefined],
    ['use_none marker becomes null', '%*****__%NONE%__*****%', { type: 'string' }, null],
    ['no type: unchanged', '5', {}, '5'],
    ['unknown type: unchanged', '5', { type: 'weird' as 'string' }, '5'],
    ['one of several types: kept when it fits', 5, { type: ['string', 'integer'] }, 5],
    ['one of several types: first cast that works', '5', { type: ['integer', 'boolean'] }, 5],
    ['one of several types: text that fits a string stays', '5', { type: ['integer', 'string'] }, '5'],
    ['nullable', null, { type: ['string', 'null'] }, null],
  ])('%s', (_label, value, spec, expected) => {
    expect(cast(value, spec)).toEqual(expected);
  });
});

describe('castParameterValue rejects what cannot be cast', () => {
  it.each<[string, unknown, ParameterSpec, string]>([
    ['text as integer', 'abc', { type: 'integer' }, 'string'],
    ['fraction as integer', '1.5', { type: 'integer' }, 'string'],
    ['non-integral number as integer', 1.5, { type: 'integer' }, 'number'],
    ['empty text as integer', '', { type: 'integer' }, 'string'],
    ['boolean as integer', true, { type: 'integer' }, 'boolean'],
    ['inf as number', 'inf', { type: 'number' }, 'string'],
    ['yes as boolean', 'yes', { type: 'boolean' }, 'string'],
    ['2 as boolean', 2, { type: 'boolean' }, 'integer'],
    ['number as string', 5, { type: 'string' }, 'integer'],
    ['object as string', { a: 1 }, { type: 'string' }, 'object'],
    ['bad JSON list', '[1,', { type: 'array' }, 'string'],
    ['JSON object as array', { a: 1 }, { type: 'array' }, 'object'],
    ['list as object', [1], { type: 'object' }, 'array'],
    ['text as object', 'a=1', { type: 'object' }, 'string'],
    ['JSON list text as object', '[1]', { type: 'object' }, 'string'],
  ])('%s', (_label, value, spec, actual) => {
    let caught: unknown;
    try {
      castParameterValue('count', value, spec);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ValidationError);
    const error = caught as ValidationError;
    expect(error.code).toBe('E_PARAMETER_TYPE');
    expect(error.message).toContain('parameter "count"');
    expect(error.message).toContain(`(${actual})`);
    expect(error.message).toContain(`as ${String(spec.type)}`);
  });

  it('names the item of an array that cannot be cast', () => {
    expect(() => castParameterValue('ports', 'a, 80', { type: 'array', items: { type: 'integer' } })).toThrow(
      /parameter "ports\[0\]"/,
    );
  });
});
