import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ValidationError } from '../../src/common/errors.js';
import { loadRuleFile } from '../../src/rules/load-rule-file.js';
import { loadError, ruleFromYaml } from './rule-test-helpers.js';

const base = [
  'name: on_push',
  'pack: examples',
  'trigger:',
  '  type: git.push',
  'action:',
  '  ref: core.noop',
];

describe('rule validation', () => {
  it('applies st2 defaults: pack default, disabled, standard', () => {
    const rule = ruleFromYaml('name: r\ntrigger: {type: a.b}\naction: {ref: core.noop}\n');
    expect(rule.ref).toBe('default.r');
    expect(rule.spec.enabled).toBe(false);
    expect(rule.spec.type).toBe('standard');
  });

  it('accepts type as a string or as {ref: ...}', () => {
    expect(ruleFromYaml([...base, 'type: backstop'].join('\n')).spec.type).toBe('backstop');
    expect(ruleFromYaml([...base, 'type:', '  ref: backstop'].join('\n')).spec.type).toBe('backstop');
    expect(loadError(['type: backstep', ...base].join('\n'))).toMatch(
      /:1: rule examples\.on_push: "type" must be standard or backstop, not "backstep" \(did you mean "backstop"\?\)/,
    );
  });

  it('names file:line, the rule and a suggestion for an unknown operator', () => {
    const text = [...base, 'criteria:', '  trigger.branch:', '    type: equalz', '    pattern: main'].join(
      '\n',
    );
    expect(loadError(text)).toBe(
      'rules/on_push.yaml:9: rule examples.on_push: unknown operator "equalz" in criteria.trigger.branch (did you mean "equals"?)',
    );
  });

  it('rejects unknown fields with a suggestion', () => {
    expect(loadError([...base, 'critera: {}'].join('\n'))).toMatch(
      /^rules\/on_push\.yaml:7: rule examples\.on_push: unknown field "critera" \(did you mean "criteria"\?\)/,
    );
    expect(loadError([...base, '  parameter: {}'].join('\n'))).toMatch(
      /:7: .*unknown field "parameter" in action \(did you mean "parameters"\?\)/,
    );
  });

  it('requires name, trigger.type and action.ref', () => {
    expect(loadError('trigger: {type: a.b}\naction: {ref: core.noop}\n')).toMatch(
      /rule \(unnamed\): missing required field "name"/,
    );
    expect(loadError('name: r\naction: {ref: core.noop}\n')).toMatch(/missing required field "trigger"/);
    expect(loadError('name: r\ntrigger: {type: a.b}\naction: {ref: noop}\n')).toMatch(
      /rules\/on_push\.yaml:3: rule default\.r: action\.ref must be an action ref like core\.local/,
    );
    expect(loadError('name: r\ntrigger: {type: a.b}\naction: {ref: core.noop}\nenabled: "yes"\n')).toMatch(
      /:4: .*"enabled" must be true or false/,
    );
  });

  it('checks the pack against the pack the rule is loaded from', () => {
    expect(
      ruleFromYaml('name: r\ntrigger: {type: a.b}\naction: {ref: core.noop}\n', 'r.yaml', 'git').ref,
    ).toBe('git.r');
    expect(loadError([...base].join('\n'), 'rules/on_push.yaml', 'git')).toMatch(
      /:2: rule examples\.on_push: pack "examples" differs from the pack it is in: set pack: git/,
    );
  });

  it('validates tags and accepts st2 export fields', () => {
    const rule = ruleFromYaml(
      [...base, 'tags:', '  - name: team', '    value: ops', 'ref: examples.on_push', 'id: abc'].join('\n'),
    );
    expect(rule.spec.tags).toEqual([{ name: 'team', value: 'ops' }]);
    expect(loadError([...base, 'tags:', '  - value: ops'].join('\n'))).toMatch(/tags\[0\] needs a "name"/);
  });

  it('throws ValidationError with a location and a stable code', () => {
    try {
      ruleFromYaml([...base, 'criteria:', '  trigger.x: {type: nope, pattern: 1}'].join('\n'));
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).code).toBe('E_RULE_INVALID');
      expect((error as ValidationError).location).toEqual({ file: 'rules/test_rule.yaml', line: 8 });
    }
  });
});

describe('loadRuleFile', () => {
  let folder: string;
  beforeAll(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'squall-rules-'));
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('reads, validates and compiles a file, naming it relative to the packs folder', async () => {
    const file = path.join(folder, 'git', 'rules', 'on_push.yaml');
    await import('node:fs/promises').then((fs) => fs.mkdir(path.dirname(file), { recursive: true }));
    await writeFile(
      file,
      [
        ...base.map((line) => line.replace('examples', 'git')),
        'enabled: true',
        'criteria:',
        '  trigger.ref: {type: equals, pattern: refs/heads/main}',
      ].join('\n'),
    );
    const rule = await loadRuleFile(file, { pack: 'git', relativeTo: folder });
    expect(rule.ref).toBe('git.on_push');
    expect(rule.source).toEqual({ file: path.join('git', 'rules', 'on_push.yaml') });
    expect(rule.matches({ ref: 'refs/heads/main' }, { kv: { get: () => undefined } })).toBe(true);

    await writeFile(
      file,
      'name: on_push\npack: git\ntrigger: {type: git.push}\naction: {ref: core.noop}\ncriteria:\n  trigger.ref: {type: equalz, pattern: x}\n',
    );
    await expect(loadRuleFile(file, { pack: 'git', relativeTo: folder })).rejects.toThrow(
      /^git\/rules\/on_push\.yaml:6: rule git\.on_push: unknown operator "equalz"/,
    );
  });

  it('reports a file that cannot be read', async () => {
    await expect(loadRuleFile(path.join(folder, 'absent.yaml'))).rejects.toMatchObject({
      code: 'E_RULE_FILE',
    });
  });
});

describe('StackStorm corpus rules', () => {
  const corpus = '/work/shared/st2-corpus';
  const files = existsSync(corpus)
    ? readdirSync(corpus).flatMap((pack) => {
        const folder = path.join(corpus, pack, 'rules');
        return existsSync(folder)
          ? readdirSync(folder)
              .filter((name) => /\.ya?ml$/.test(name))
              .map((name) => ({ pack, file: path.join(folder, name) }))
          : [];
      })
    : [];

  it.skipIf(files.length === 0)(
    `every rule file validates (${files.length} found in ${corpus})`,
    async () => {
      for (const { pack, file } of files) {
        const rule = await loadRuleFile(file, { pack, relativeTo: corpus });
        expect(rule.ref.startsWith(`${pack}.`)).toBe(true);
      }
    },
  );

  it.skipIf(files.length === 0)(
    'the sample webhook rule matches the payload it was written for',
    async () => {
      const rule = await loadRuleFile(
        path.join(corpus, 'examples', 'rules', 'sample_rule_with_webhook.yaml'),
        {
          pack: 'examples',
        },
      );
      const ctx = { kv: { get: () => undefined } };
      expect(rule.matches({ headers: {}, body: { name: 'st2' } }, ctx)).toBe(true);
      expect(rule.matches({ headers: {}, body: { name: 'other' } }, ctx)).toBe(false);
    },
  );

  if (files.length === 0) console.warn(`skipping corpus checks: ${corpus} is absent`);
});
