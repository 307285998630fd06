import { describe, expect, it } from 'vitest';

import { parseYamlDocument } from '../../src/parsing/yaml-document.js';

describe('YAML documents say on which line a key stands', () => {
  const text = [
    'name: x',
    'trigger:',
    '  type: a',
    '  parameters:',
    '    url: b',
    'type: standard',
    'criteria:',
    '  trigger.x:',
    '    type: eq',
    'tags:',
    '  - name: one',
    '  - name: two',
  ].join('\n');
  const doc = parseYamlDocument(text, 'rules/x.yaml');

  it('finds a top-level key even when a nested key of the same name comes first', () => {
    expect(doc.lineOf(['type'])).toBe(6);
  });

  it('finds nested keys, keys with dots and list items', () => {
    expect(doc.lineOf(['trigger', 'type'])).toBe(3);
    expect(doc.lineOf(['trigger', 'parameters', 'url'])).toBe(5);
    expect(doc.lineOf(['criteria', 'trigger.x', 'type'])).toBe(9);
    expect(doc.lineOf(['tags', 1])).toBe(12);
  });

  it('falls back to the nearest ancestor for a missing key', () => {
    expect(doc.lineOf(['trigger', 'nope'])).toBe(2);
  });

  it('reports a syntax error with the file and line', () => {
    expect(() => parseYamlDocument('a: 1\nb: [unclosed\n', 'bad.yaml')).toThrow(
      /bad\.yaml:\d+: invalid YAML/,
    );
  });
});

describe('an unquoted Jinja template in YAML', () => {
  it('is refused with the key, the line and the fix instead of loading as a mapping', () => {
    const text = 'name: x\naction:\n  ref: core.echo\n  parameters:\n    message: {{ trigger.x }}\n';
    expect(() => parseYamlDocument(text, 'rules/r.yaml')).toThrow(
      /rules\/r\.yaml:5: action\.parameters\.message holds an unquoted Jinja template.*quote it/,
    );
  });
});
