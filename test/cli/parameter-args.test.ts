import { describe, expect, it } from 'vitest';

import { parseParameterArgs } from '../../src/cli/parse-parameter-args.js';

describe('squall run key=value arguments', () => {
  it('keeps values as strings for the engine to cast, split at the first =', () => {
    expect(parseParameterArgs(['cmd=echo a=b', 'timeout=30', 'flag=true', 'empty='])).toEqual({
      cmd: 'echo a=b',
      timeout: '30',
      flag: 'true',
      empty: '',
    });
  });

  it('parses JSON objects and arrays, and keeps text that only looks like JSON', () => {
    expect(parseParameterArgs(['env={"A":"1"}', 'hosts=["a","b"]', 'text={not json', 'list=[1,'])).toEqual({
      env: { A: '1' },
      hosts: ['a', 'b'],
      text: '{not json',
      list: '[1,',
    });
  });

  it('rejects arguments that are not name=value, bad names and repeats', () => {
    expect(() => parseParameterArgs(['uptime'])).toThrow(/not key=value/);
    expect(() => parseParameterArgs(['=x'])).toThrow(/not key=value/);
    expect(() => parseParameterArgs(['bad-name=x'])).toThrow(/letters, digits and _/);
    expect(() => parseParameterArgs(['a=1', 'a=2'])).toThrow(/given twice/);
    expect(() => parseParameterArgs(['uptime'])).toThrow(expect.objectContaining({ code: 'E_CLI_ARGUMENT' }));
  });
});
