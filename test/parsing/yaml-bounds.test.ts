import { describe, expect, it } from 'vitest';

import { parseYamlDocument } from '../../src/parsing/yaml-document.js';
import { aliasBomb } from '../support/yaml-bomb.js';
import { compileTemplate } from '../../src/templates/compile-template.js';

const renderFilter = (source: string, extra: Record<string, unknown>): unknown =>
  compileTemplate(source)({ extra });

const code = (run: () => unknown): string | undefined => {
  try {
    run();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
};

describe('YAML content is bounded in aliases, nodes, depth and size', () => {
  it('refuses an alias bomb with the file, the line and the bound, without walking it', () => {
    const text = aliasBomb();
    expect(text.length).toBeLessThan(600);
    expect(() => parseYamlDocument(text, 'rules/bomb.yaml')).toThrow(
      /^rules\/bomb\.yaml:\d+: YAML refused at [a-j](\.\d+)*: more than 200000 nodes once aliases are expanded/,
    );
    expect(code(() => parseYamlDocument(text, 'rules/bomb.yaml'))).toBe('E_YAML_BOUND');
  });

  it('refuses a recursive alias', () => {
    expect(() => parseYamlDocument('a: &x [1, *x]\n', 'x.yaml')).toThrow(/recursive structure/);
  });

  it('refuses nesting deeper than the bound and text over the size bound', () => {
    const deep = `a: ${'['.repeat(80)}1${']'.repeat(80)}\n`;
    expect(() => parseYamlDocument(deep, 'deep.yaml')).toThrow(/nesting deeper than 64 levels/);
    const big = `a: "${'x'.repeat(3 * 1024 * 1024)}"\n`;
    expect(() => parseYamlDocument(big, 'big.yaml')).toThrow(/over the 2097152-byte limit/);
  });

  it('keeps ordinary aliases and merge keys working', () => {
    const doc = parseYamlDocument(
      'defaults: &d { retries: 2, tags: [a, b] }\njob:\n  <<: *d\n  name: x\nother: *d\n',
      'ok.yaml',
    );
    expect(doc.data).toEqual({
      defaults: { retries: 2, tags: ['a', 'b'] },
      job: { retries: 2, tags: ['a', 'b'], name: 'x' },
      other: { retries: 2, tags: ['a', 'b'] },
    });
  });

  it('bounds from_yaml_string in templates the same way', () => {
    expect(() => renderFilter('{{ text | from_yaml_string | length }}', { text: aliasBomb() })).toThrow(
      /from_yaml_string: YAML refused/,
    );
  });
});
