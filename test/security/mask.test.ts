import { describe, expect, it } from 'vitest';
import type { ParameterSpecs } from '../../src/snapshot/model/action-definition.js';
import { MASK } from '../../src/security/mask-constant.js';
import { maskDeep, maskSecretParameters } from '../../src/security/mask.js';
import { MIN_SECRET_LENGTH, createSecretRegistry } from '../../src/security/secret-registry.js';
import { maskUrlCredentials } from '../../src/security/url-credentials.js';

describe('maskSecretParameters', () => {
  const specs: ParameterSpecs = {
    password: { type: 'string', secret: true },
    user: { type: 'string' },
    auth: {
      type: 'object',
      properties: { token: { type: 'string', secret: true }, realm: { type: 'string' } },
    },
    keys: { type: 'array', items: { type: 'string', secret: true } },
  };

  it('masks parameters declared secret, nested properties and items included', () => {
    const params = {
      password: 'hunter2',
      user: 'ann',
      auth: { token: 'abc', realm: 'x' },
      keys: ['k1', 'k2'],
      undeclared: 'shown',
    };
    expect(maskSecretParameters(params, specs)).toEqual({
      password: MASK,
      user: 'ann',
      auth: { token: MASK, realm: 'x' },
      keys: [MASK, MASK],
      undeclared: 'shown',
    });
    expect(params.password).toBe('hunter2');
  });

  it('masks secret values of any type but leaves null', () => {
    const secretAny: ParameterSpecs = { n: { secret: true }, o: { secret: true }, z: { secret: true } };
    expect(maskSecretParameters({ n: 5, o: { a: 1 }, z: null }, secretAny)).toEqual({
      n: MASK,
      o: MASK,
      z: null,
    });
  });
});

describe('maskUrlCredentials', () => {
  it.each([
    ['https://user:s3cret@github.com/org/repo.git', `https://${MASK}@github.com/org/repo.git`],
    ['https://ghp_token123@github.com/org/repo', `https://${MASK}@github.com/org/repo`],
    [
      'clone git+ssh://deploy:pw@host:22/r and redis://:pass@cache:6379/0',
      `clone git+ssh://${MASK}@host:22/r and redis://${MASK}@cache:6379/0`,
    ],
    ['"url": "amqp://guest:guest@rabbit/"', `"url": "amqp://${MASK}@rabbit/"`],
  ])('%s', (text, masked) => {
    expect(maskUrlCredentials(text)).toBe(masked);
  });

  it('leaves URLs without credentials and plain e-mail addresses alone', () => {
    const text = 'see https://example.com/a@b?x=1 or mail ops@example.com; git@github.com:org/repo.git';
    expect(maskUrlCredentials(text)).toBe(text);
  });
});

describe('maskDeep', () => {
  it('replaces every occurrence of every secret anywhere in a value, keys included', () => {
    const value = {
      stdout: 'token=abcd1234 and again abcd1234',
      list: ['x', { deep: 'pw:letmein' }],
      abcd1234: 1,
      n: 42,
      ok: true,
      nothing: null,
    };
    expect(maskDeep(value, ['abcd1234', 'letmein'])).toEqual({
      stdout: `token=${MASK} and again ${MASK}`,
      list: ['x', { deep: `pw:${MASK}` }],
      [MASK]: 1,
      n: 42,
      ok: true,
      nothing: null,
    });
  });

  it('masks the longer secret first when one contains another', () => {
    expect(maskDeep('key=supersecret', ['secret', 'supersecret'])).toBe(`key=${MASK}`);
  });

  it('masks URL credentials even when no secret is known', () => {
    expect(maskDeep({ remote: 'https://u:p@h/x' }, [])).toEqual({ remote: `https://${MASK}@h/x` });
  });

  it('copies cyclic values without looping and masks error messages', () => {
    const value: Record<string, unknown> = { s: 'abcd1234' };
    value['self'] = value;
    const masked = maskDeep(value, ['abcd1234']) as Record<string, unknown>;
    expect(masked['s']).toBe(MASK);
    expect(masked['self']).toBe(masked);
    const error = maskDeep(new TypeError('bad abcd1234'), ['abcd1234']) as Error;
    expect(error.message).toBe(`bad ${MASK}`);
    expect(error.name).toBe('TypeError');
  });
});

describe('createSecretRegistry', () => {
  it('masks what was added and ignores values too short to mask safely', () => {
    const registry = createSecretRegistry(['initial-secret']);
    registry.add('abc');
    registry.add('x'.repeat(MIN_SECRET_LENGTH));
    registry.add(987654);
    registry.add({ not: 'a string' });
    registry.add('initial-secret');
    expect(registry.size).toBe(3);
    expect(registry.has('abc')).toBe(false);
    expect(registry.mask({ out: 'initial-secret abc xxxx 987654' })).toEqual({
      out: `${MASK} abc ${MASK} ${MASK}`,
    });
  });

  it('masks secrets added after an earlier mask call', () => {
    const registry = createSecretRegistry();
    expect(registry.mask('late-secret')).toBe('late-secret');
    registry.add('late-secret');
    expect(registry.mask('late-secret')).toBe(MASK);
  });
});
