import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { compileTemplate, shellQuote } from '../../src/templates/compile-template.js';

const SHELLS = ['/bin/sh', 'bash'] as const;

/** Runs a rendered command in a real shell and returns what it printed. */
function run(shell: string, command: string): string {
  return execFileSync(shell, ['-c', command], { encoding: 'utf8', timeout: 10_000 });
}

function renderShell(source: string, extra: Record<string, unknown>): string {
  const output = compileTemplate(source, { shell: true })({ extra });
  expect(typeof output).toBe('string');
  return output as string;
}

const scratch = mkdtempSync(join(tmpdir(), 'squall-shell-'));
const PWNED = join(scratch, 'pwned');

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

const ATTACKS = [
  `$(touch ${PWNED})`,
  `\`touch ${PWNED}\``,
  `"; touch ${PWNED}; echo "`,
  `'; touch ${PWNED}; echo '`,
  'it\'s "quoted" \\ $HOME ${HOME} !x',
  `line1\nline2; touch ${PWNED}`,
  '-n',
  '*',
  '',
  '\\',
  "'",
  '"',
  '$',
  '~',
  '#comment',
  'a\tb  c',
];

/** Each template prints one value between > and <, so the exact value can be compared. */
const CONTEXTS: Record<string, string> = {
  unquoted: "printf '>%s<' {{ v }}",
  'double quotes': 'printf \'>%s<\' "{{ v }}"',
  'single quotes': "printf '>%s<' '{{ v }}'",
  'inside words': "printf '>%s<' pre{{ v }}post \"a{{ v }}b\" 'c{{ v }}d'",
  'command substitution': 'printf \'>%s<\' "$(printf %s {{ v }})"',
  'substitution in double quotes': 'printf \'>%s<\' "x$(printf %s "{{ v }}")y"',
};

function expected(context: string, value: string): string {
  if (context === 'inside words') return `>pre${value}post<>a${value}b<>c${value}d<`;
  if (context === 'substitution in double quotes') return `>x${value.replace(/\n+$/, '')}y<`;
  if (context === 'command substitution') return `>${value.replace(/\n+$/, '')}<`;
  return `>${value}<`;
}

describe('shell mode prints values exactly and never runs them', () => {
  for (const shell of SHELLS) {
    for (const [context, source] of Object.entries(CONTEXTS)) {
      it(`${context} (${shell})`, () => {
        for (const value of ATTACKS) {
          const command = renderShell(source, { v: value });
          expect(run(shell, command), `${command}`).toBe(expected(context, value));
        }
        expect(existsSync(PWNED)).toBe(false);
      });
    }
  }

  it('holds for arbitrary strings in every context (property, one shell run per batch)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: 'binary', maxLength: 12 }), { minLength: 1, maxLength: 20 }),
        (raw) => {
          const values = raw.map((value) => value.replaceAll('\0', ''));
          const source = "{% for v in values %}printf '%s\\0' {{ v }} \"{{ v }}\" '{{ v }}'\n{% endfor %}";
          const printed = run('bash', renderShell(source, { values })).split('\0').slice(0, -1);
          expect(printed).toEqual(values.flatMap((value) => [value, value, value]));
        },
      ),
      { numRuns: 25 },
    );
  });

  it('quotes every output of {% if %} and {% for %} templates', () => {
    const source = [
      '{% if force %}rm -rf {{ target }}{% else %}echo "would remove {{ target }}"{% endif %}',
      '{% for f in files %} && cat {{ f }}{% endfor %}',
    ].join('');
    const command = renderShell(source, { force: false, target: '$(id)', files: ['a b', ';ls'] });
    expect(command).toBe("echo \"would remove \\$(id)\" && cat 'a b' && cat ';ls'");
  });

  it('renders StackStorm content such as cmd: echo "{{trigger.body}}"', () => {
    const output = compileTemplate('echo "{{trigger.body}}" >> out.txt', { shell: true })({
      trigger: { body: 'x"; rm -rf ~; "' },
    });
    expect(output).toBe('echo "x\\"; rm -rf ~; \\"" >> out.txt');
  });

  it('prints objects as Python does, quoted', () => {
    expect(renderShell('printf %s {{ v }}', { v: { a: "it's" } })).toBe(
      `printf %s '{'\\''a'\\'': "it'\\''s"}'`,
    );
  });

  it('inserts "| safe" values as shell text: the explicit escape hatch', () => {
    const command = renderShell('echo {{ flags | safe }} {{ name }}', { flags: '-n -e', name: 'x y' });
    expect(command).toBe("echo -n -e 'x y'");
  });

  it('is never the single-expression typed value', () => {
    expect(compileTemplate('echo {{ n }}', { shell: true })({ extra: { n: 5 } })).toBe("echo '5'");
  });
});

describe('shellQuote', () => {
  it.each([
    ['', "''"],
    ['abc', "'abc'"],
    ["it's", "'it'\\''s'"],
    ['$(x)', "'$(x)'"],
  ])('%j → %s', (value, quoted) => {
    expect(shellQuote(value)).toBe(quoted);
    expect(run('/bin/sh', `printf %s ${quoted}`)).toBe(value);
  });
});
