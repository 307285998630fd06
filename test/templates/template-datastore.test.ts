import { describe, expect, it } from 'vitest';
import { compileTemplate } from '../../src/templates/compile-template.js';
import { recordingKv } from './kv-fixture.js';

const entries = {
  'system/host': 'db1',
  'system/app.token': 'tok',
  'system/count': '3',
  'user:alice/theme': 'dark',
  'user:bob/theme': 'light',
  'system/secret_pw': 'CIPHER',
};

describe('st2kv and kv in templates', () => {
  it('reads system keys through st2kv.system and kv.system', () => {
    const kv = recordingKv(entries);
    expect(compileTemplate('{{ st2kv.system.host }}/{{ kv.system.host }}')({ kv })).toBe('db1/db1');
    expect(kv.reads).toEqual(['system/host', 'system/host']);
  });

  it('renders a missing key as empty, alone or in text', () => {
    const kv = recordingKv(entries);
    expect(compileTemplate('{{ st2kv.system.absent }}')({ kv })).toBe('');
    expect(compileTemplate('[{{ st2kv.system.absent }}]')({ kv })).toBe('[]');
    expect(
      compileTemplate('{{ st2kv.system.absent | upper }}|{{ st2kv.system.absent | length }}')({ kv }),
    ).toBe('|0');
  });

  it('reads dotted key names written with dots or brackets', () => {
    const kv = recordingKv(entries);
    expect(compileTemplate('{{ st2kv.system.app.token }}')({ kv })).toBe('tok');
    expect(compileTemplate("{{ st2kv.system['app.token'] }}")({ kv })).toBe('tok');
  });

  it('reads user keys in the scope of the context user', () => {
    const kv = recordingKv(entries);
    const template = compileTemplate('{{ st2kv.user.theme }}');
    expect(template({ kv, user: 'alice' })).toBe('dark');
    expect(template({ kv, user: 'bob' })).toBe('light');
    expect(kv.reads).toEqual(['user:alice/theme', 'user:bob/theme']);
  });

  it('reads no user key when there is no user', () => {
    const kv = recordingKv(entries);
    expect(compileTemplate('{{ st2kv.user.theme }}')({ kv })).toBe('');
    expect(kv.reads).toEqual([]);
  });

  it('reads nothing from the datastore unless the template asks', () => {
    const kv = recordingKv(entries);
    compileTemplate('{{ trigger.x }} {% if trigger.x %}{{ st2kv.system.host }}{% endif %}')({
      kv,
      trigger: { x: 0 },
    });
    expect(kv.reads).toEqual([]);
  });

  it('feeds values to filters and comparisons as strings', () => {
    const kv = recordingKv(entries);
    expect(compileTemplate('{{ st2kv.system.count | int + 1 }}')({ kv })).toBe(4);
    expect(compileTemplate('{{ st2kv.system.host == "db1" }}')({ kv })).toBe(true);
  });
});

describe('decrypt_kv', () => {
  const decrypt = (ciphertext: string): string => {
    if (ciphertext !== 'CIPHER') throw new Error('bad padding');
    return 'plain-pw';
  };

  it('decrypts a secret value with the context decryption', () => {
    const kv = recordingKv(entries);
    expect(compileTemplate('{{ st2kv.system.secret_pw | decrypt_kv }}')({ kv, decrypt })).toBe('plain-pw');
  });

  it('names the missing key', () => {
    const kv = recordingKv(entries);
    expect(() => compileTemplate('{{ st2kv.system.nope | decrypt_kv }}')({ kv, decrypt })).toThrow(
      /Referenced datastore item "st2kv.system.nope" doesn't exist/,
    );
  });

  it('fails without a decryption or on a value it cannot decrypt', () => {
    const kv = recordingKv(entries);
    expect(() => compileTemplate('{{ st2kv.system.secret_pw | decrypt_kv }}')({ kv })).toThrow(
      /no datastore decryption/,
    );
    expect(() => compileTemplate('{{ st2kv.system.host | decrypt_kv }}')({ kv, decrypt })).toThrow(
      /cannot decrypt.*bad padding/,
    );
  });
});
