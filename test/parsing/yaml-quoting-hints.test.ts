import { describe, expect, it } from 'vitest';

import { parseYamlDocument } from '../../src/parsing/yaml-document.js';
import { squall } from '../cli/helpers/capture-io.js';
import { useServedEngine } from '../support/served-engine.js';

function messageOf(text: string): string {
  try {
    parseYamlDocument(text, 'rules/r.yaml');
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the YAML to be refused');
}

describe('YAML mistakes of rule and action authors are refused with the line and the quoted fix', () => {
  it.each([
    [
      'a Jinja template followed by text',
      'action:\n  parameters:\n    cmd: {{ trigger.x }} now\n',
      'rules/r.yaml:3: invalid YAML',
      'quote the whole value: cmd: "{{ trigger.x }} now"',
    ],
    [
      'a Jinja template alone (YAML reads a mapping)',
      'message: {{ trigger.x }}\n',
      'rules/r.yaml:1: message holds an unquoted Jinja template',
      'quote it: message: "{{ trigger.x }}"',
    ],
    [
      '": " inside a plain value',
      'description: Note: this breaks\nname: r\n',
      'rules/r.yaml:1: invalid YAML',
      'the value holds ": ", which YAML reads as the start of another key: quote the whole value: description: "Note: this breaks"',
    ],
    [
      'a tab in the indentation',
      'action:\n\tref: core.local\n',
      'rules/r.yaml:2: invalid YAML: tab characters',
      'indentation must be spaces, not tabs',
    ],
    [
      'a glob starting with "*"',
      'criteria:\n  trigger.file: {type: matchwildcard, pattern: x}\npattern: *.log\n',
      'rules/r.yaml:3: invalid YAML',
      'quote the whole value: pattern: "*.log"',
    ],
    [
      'a text starting with "{" that is no mapping',
      'pattern: {foo\nname: r\n',
      'rules/r.yaml:1: invalid YAML',
      'if it is text quote the whole value: pattern: "{foo"',
    ],
    [
      'a quoted string followed by more text',
      'message: "deploy" finished\n',
      'rules/r.yaml:1: invalid YAML',
      `quote the whole value: message: '"deploy" finished'`,
    ],
  ])('%s', (_name, text, where, fix) => {
    const message = messageOf(text);
    expect(message.startsWith(where)).toBe(true);
    expect(message).toContain(fix);
  });

  it('keeps the plain parse error when no known mistake explains it', () => {
    expect(messageOf('a: [1, 2\n')).toMatch(/^rules\/r\.yaml:\d+: invalid YAML: /);
    expect(() => parseYamlDocument(`cmd: 'echo "a: b"'\nurl: http://x/y\n`, 'ok.yaml')).not.toThrow();
  });
});

describe('a rule file with an unquoted template, through a real engine and the CLI', () => {
  const served = useServedEngine();

  it('is reported by pack get and rule test with the file, the line and the fix', async () => {
    const file = await served.temp.write(
      'rules/echo.yaml',
      'name: echo\nenabled: true\ntrigger:\n  type: core.st2.webhook\n  parameters: {url: x}\naction:\n  ref: core.local\n  parameters:\n    cmd: {{ trigger.body.x }} now\n',
    );
    await served.engine.reload();
    const fix = 'quote the whole value: cmd: "{{ trigger.body.x }} now"';
    const pack = await squall(['pack', 'get', 'default', '--home', served.temp.home]);
    expect(pack.stdout).toContain(`error rule ${file}:9: invalid YAML`);
    expect(pack.stdout).toContain(fix);

    const tested = await squall(['rule', 'test', file, '--payload', '{}', '--home', served.temp.home]);
    expect(tested.code).toBe(2);
    expect(tested.stderr).toContain(`${file}:9: invalid YAML`);
    expect(tested.stderr).toContain(fix);
  });
});
