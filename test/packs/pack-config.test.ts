import { readFile } from 'node:fs/promises';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import {
  describePackConfig,
  loadPackConfig,
  validatePackConfig,
  type PackConfigDeps,
} from '../../src/packs/config/pack-config.js';
import { setPackConfigValue } from '../../src/packs/config/set-pack-config-value.js';
import { createSecretBox } from '../../src/datastore/secret-box.js';
import { packYamlText } from './support/git-repo.js';
import { startPackEngine, type PackEngine } from './support/pack-engine.js';

const SCHEMA = `
api_url:
  type: string
  description: Where the API is
  required: true
port:
  type: integer
  default: 8443
verify_ssl:
  type: boolean
  default: true
token:
  type: string
  secret: true
  required: true
region:
  type: string
  enum: [eu, us]
  default: eu
nested:
  type: object
  properties:
    password:
      type: string
      secret: true
    retries:
      type: integer
      default: 3
`;

describe('pack config', () => {
  let env: PackEngine;
  let deps: PackConfigDeps;
  beforeEach(async () => {
    env = await startPackEngine();
    await env.temp.write('packs/svc/pack.yaml', packYamlText('svc'));
    await env.temp.write('packs/svc/config.schema.yaml', SCHEMA);
    await env.engine.reload();
    deps = {
      home: env.temp.home,
      snapshot: () => env.engine.snapshot(),
      secretBox: createSecretBox(Buffer.alloc(32, 7)),
      kv: env.engine.datastore.lookup,
      decrypt: (ciphertext) => env.engine.datastore.decrypt(ciphertext),
    };
  });
  afterEach(async () => {
    await env.close();
  });

  it('applies defaults, resolves datastore values and decrypts secrets written with set --secret', async () => {
    await env.temp.write(
      'configs/svc.yaml',
      '# managed by ops\napi_url: "{{ st2kv.system.svc_url }}"\nport: "{{ st2kv.system.svc_port }}"\n',
    );
    await env.engine.datastore.set('system', 'svc_url', 'https://svc.example');
    await env.engine.datastore.set('system', 'svc_port', '9443');
    const set = await setPackConfigValue('svc', 'token', 's3cret-token-value', {}, deps);
    expect(set).toMatchObject({ key: 'token', value: '********', encrypted: true });
    await setPackConfigValue('svc', 'nested.password', 'hunter22', {}, deps);

    const text = await readFile(set.file, 'utf8');
    expect(text).not.toContain('s3cret-token-value');
    expect(text).not.toContain('hunter22');
    expect(text).toMatch(/token: encrypted:v1:/);

    const loaded = await loadPackConfig('svc', deps);
    expect(loaded.values).toEqual({
      api_url: 'https://svc.example',
      port: 9443,
      verify_ssl: true,
      token: 's3cret-token-value',
      region: 'eu',
      nested: { password: 'hunter22', retries: 3 },
    });
    expect(loaded.secrets.sort()).toEqual(['hunter22', 's3cret-token-value']);

    const described = await describePackConfig('svc', deps);
    expect(described.values).toMatchObject({
      token: '********',
      nested: { password: '********', retries: 3 },
      api_url: '{{ st2kv.system.svc_url }}',
    });
    expect(JSON.stringify(described)).not.toMatch(/s3cret-token-value|hunter22/);
    expect(described.report).toMatchObject({ valid: true, errors: [] });
  });

  it('keeps comments when setting a top-level key and casts values to the schema type', async () => {
    await env.temp.write(
      'configs/svc.yaml',
      '# header comment\napi_url: https://a.example\nport: 1\n# trailing comment\n',
    );
    await setPackConfigValue('svc', 'port', '8080', {}, deps);
    await setPackConfigValue('svc', 'region', 'us', {}, deps);
    const text = await readFile(`${env.temp.home}/configs/svc.yaml`, 'utf8');
    expect(text).toBe(
      '# header comment\napi_url: https://a.example\nport: 8080\n# trailing comment\nregion: us\n',
    );
    await expect(setPackConfigValue('svc', 'port', 'eighty', {}, deps)).rejects.toThrow(/port/);
    await expect(setPackConfigValue('svc', 'region', 'asia', {}, deps)).rejects.toThrow(
      /allowed values|must be equal/,
    );
    await expect(setPackConfigValue('../svc', 'x', 'y', {}, deps)).rejects.toThrow(/not a pack ref/);
  });

  it('reports missing required keys, wrong types, clear-text secrets and foreign encryption keys', async () => {
    const other = createSecretBox(Buffer.alloc(32, 9));
    await env.temp.write(
      'configs/svc.yaml',
      `port: high\ntoken: plain-text-token\nnested:\n  password: "encrypted:${other.encrypt('x')}"\n`,
    );
    const report = await validatePackConfig('svc', deps);
    expect(report.valid).toBe(false);
    expect(report.errors.join('\n')).toMatch(/api_url/);
    expect(report.errors.join('\n')).toMatch(/config \.?port must be integer/);
    expect(report.errors.join('\n')).toMatch(/nested\.password: secret box: cannot decrypt/);
    expect(report.warnings.join('\n')).toMatch(/token is a secret stored in clear text/);
    await expect(loadPackConfig('svc', deps)).rejects.toThrow(/E?cannot decrypt|api_url/);

    const described = await describePackConfig('svc', deps);
    expect(JSON.stringify(described.values)).not.toContain('plain-text-token');
  });

  it('takes a pack without a schema as it is, and an absent config file as empty', async () => {
    await env.temp.write('packs/plain/pack.yaml', packYamlText('plain'));
    await env.engine.reload();
    expect((await loadPackConfig('plain', deps)).values).toEqual({});
    await env.temp.write('configs/plain.yaml', 'anything: 1\n');
    expect((await loadPackConfig('plain', deps)).values).toEqual({ anything: 1 });
    await expect(loadPackConfig('nope', deps)).rejects.toThrow(/not installed/);
  });

  it('declares the packs pack repositories in its config schema', async () => {
    await env.temp.write(
      'configs/packs.yaml',
      'repositories:\n  my-packs:\n    repo: "https://git.example.com/ops/my-packs.git"\n    subtree: true\n    auto_deployment: { branch: master, notify_channel: ops }\n    rollback: { after: 1h }\n',
    );
    const loaded = await loadPackConfig('packs', deps);
    expect(loaded.values).toMatchObject({
      repositories: { 'my-packs': { subtree: true, rollback: { after: '1h' } } },
    });
    await env.temp.write('configs/packs.yaml', 'repositories:\n  broken:\n    subtree: yes-please\n');
    const report = await validatePackConfig('packs', deps);
    expect(report.valid).toBe(false);
    expect(report.errors.join('\n')).toMatch(/repo/);
  });
});
