import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';

import { ValidationError } from '../../src/common/errors.js';
import { compileTemplate } from '../../src/templates/compile-template.js';

/**
 * The property of issue 10, item 1: whatever a value is and wherever a template puts it, running
 * the rendered command never runs the value. Each case renders one command shape (V is where the
 * value goes) inside one wrapper (S), then real bash runs it in a directory of its own; a marker
 * file the value would create must never appear. A template refused when it compiles or renders
 * counts as safe.
 */
const SHAPES = [
  // Quoting contexts.
  'echo V',
  'echo "V"',
  "echo 'V'",
  'echo pre"V"post',
  'echo "$(echo V)"',
  'echo $(printf %s V)',
  // Arithmetic: [[ ]] comparisons, (( )), $(( )), $[ ], let, declare -i, subscripts, integer variables.
  '[[ V -gt 10 ]]',
  '[[ 1 -eq V ]]',
  '[[ -n x && V -lt 1 ]]',
  '[[ ( V -ge 1 ) ]]',
  '[[ ! V -ne 1 ]]',
  '[[ "V" -le 1 ]]',
  '(( V > 10 ))',
  '(( "V" ))',
  'echo $(( V + 1 ))',
  'echo "$(( V ))"',
  'echo $[ V ]',
  'for ((i=V; i<1; i++)); do :; done',
  'let n=V',
  'let "n = V"',
  "let 'n=V'",
  'declare -i n=V',
  'f() { local -i n=V; }; f',
  'declare -i n; n=V',
  'declare -i n; n+=V',
  'declare -ai a=(V)',
  'arr[V]=1',
  'arr[1+V]=1',
  'a=([V]=1)',
  'RANDOM=V',
  'OPTIND=V',
  'y=$((V)); echo $y',
  // Names: declarations, printf -v, read, -v, namerefs, ${!x}.
  '[[ -v V ]]',
  '[ -v V ]',
  'test -v V',
  'declare V=1',
  'f() { local V=1; }; f',
  'export V=1',
  'printf -v V x',
  'read V <<< x',
  'declare -n r=V; echo "$r"',
  'declare -n r; r=V; echo "$r"',
  'x=V; echo ${!x}',
  'getopts ab V',
  // Values that reach arithmetic or names through variables, in any order.
  'x=V; echo $((x+1))',
  'x=V; [[ $x -eq 1 ]]',
  'x=V; [[ x -eq 1 ]]',
  'x=abc; v=V; echo ${x:v}',
  'x=V; y=x; echo $((y))',
  'y=V; x=$y; echo $((x))',
  'for x in V; do echo $((x)); done',
  'a=(V); echo $((a[0]))',
  'f() { echo $(( x )); }; x=V; f',
  'while :; do (( x )); x=V; break; done',
  'x=V; declare -i y=$x',
  'x=V; OPTIND=$x',
  'A=V; B=A; echo $(( ${!B} ))',
  'x=V; declare -n r=x; echo $((r))',
  'x=V; : "${x@P}"',
  'x=$(echo V); (( x ))',
  'echo $(( $(echo V) ))',
  'read x <<< V; echo $((x))',
  'echo V | { read x; echo $((x)); }',
  'printf -v y %s V; echo $((y))',
  '[[ V =~ (.*) ]] && echo $(( BASH_REMATCH[1] ))',
  'set -- V; echo $(($1))',
  'f() { (( $1 > 1 )); }; f V',
  // Associative arrays: keys are text only when the array surely is associative.
  'declare -A m; m[V]=1',
  'declare -A m; m=([V]=1)',
  'if false; then declare -A m; fi; m[V]=1',
  'declare -A m; unset m; m[V]=1',
  'declare -A m; f() { local m; m[V]=1; }; f',
  // Commands that run their arguments as code, also behind prefixes and through their input.
  'eval V',
  'eval "echo V"',
  'trap V EXIT',
  'trap "echo V" EXIT',
  'bash -c V',
  'bash -c "echo V"',
  'bash -c \'echo "$1"\' _ V',
  'sh -c V',
  'dash -c "V"',
  'bash -ec V',
  'source V',
  '. V',
  'echo V | bash',
  'bash <<< V',
  'echo V | sh -s',
  '{ echo V; } | bash',
  "env X=V bash -c '(( X ))'",
  "X=V bash -c 'echo $(( X ))'",
  "X=V bash <<'EOF'\n(( X ))\nEOF",
  "X=V eval '(( X ))'",
  'x=V; bash <<EOF\necho $((x))\nEOF',
  "bash -c '(( $1 ))' _ V",
  'env V',
  'env -S V',
  'nohup V',
  'timeout 5 bash -c V',
  'command eval V',
  'exec sh -c V',
  'echo V | xargs sh -c',
  'echo V | xargs -I{} sh -c "echo {}"',
  'find . -maxdepth 0 -exec sh -c V \\;',
  'su root -c V',
  'flock ./lock -c V',
  'x=V; $x',
  'x=V; eval "$x"',
  'x=V; bash -c "$x"',
  'PS4=V; set -x; :',
  'mapfile -C V -c 1 <<< x',
  'compgen -W V',
  'V --version',
  // Other interpreters' program text.
  'python3 -c V',
  'python3 -c "print(V)"',
  'perl -e V',
  'node -e V',
  'awk V < /dev/null',
  'awk "BEGIN{V}"',
  'echo x | sed V',
  'echo x | sed "s/x/V/"',
  'echo x | sed -e V',
  "awk -v y=V 'BEGIN{print y}'",
  // Plain programs, and constructs that only pass the value on.
  '[ V -gt 10 ]',
  'test V -eq 1',
  '[[ V == 10 ]]',
  'case V in *) :;; esac',
  'echo "$(case a in a) echo V;; esac)"',
  'x=V; echo "${x}"',
  'x=V; [ "$x" -gt 1 ]',
  'echo V > /dev/null',
  'echo V | cat',
  'cat <(echo V)',
  'unset V',
];
const WRAPPERS = [
  'S',
  'if true; then S; fi',
  '{ S; }',
  '( S )',
  'echo "$(S)"',
  'S && :',
  ': | S',
  'f() { S; }; f',
  'for i in 1; do S; done',
  'case a in a) S;; esac',
  'x=$(S)',
  '{% if a %}S{% endif %}',
  '{% for i in [1, 2] %}S{% endfor %}',
  'echo start; S\necho end',
];
const PAYLOADS = [
  'a[$(touch MARK)]',
  '$(touch MARK)',
  '`touch MARK`',
  '; touch MARK',
  '"; touch MARK; "',
  "'; touch MARK; '",
  'touch MARK',
  'x[`touch MARK`]',
  '1+a[$(touch MARK)]',
  'a[$(touch MARK)]=1',
  '-oProxyCommand=touch MARK',
  'e touch MARK',
  '__import__("os").system("touch MARK")',
  'system("touch MARK")',
  'require("fs").writeFileSync("MARK","")',
  'x\ntouch MARK',
];

const root = mkdtempSync(join(tmpdir(), 'squall-never-run-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface Case {
  template: string;
  value: string;
  dir: string;
  command?: string;
}

let next = 0;
const valueArb = fc.oneof(
  fc.constantFrom(...PAYLOADS),
  fc
    .tuple(fc.string({ maxLength: 4 }), fc.constantFrom(...PAYLOADS), fc.string({ maxLength: 4 }))
    .map((p) => p.join('')),
);
const caseArb = fc
  .record({ shape: fc.constantFrom(...SHAPES), wrapper: fc.constantFrom(...WRAPPERS), value: valueArb })
  .map(({ shape, wrapper, value }): Case => {
    const dir = join(root, `c${(next += 1)}`);
    const template = wrapper.replace('S', shape.replaceAll('V', '{{ v }}'));
    return { template, value: value.replaceAll('\0', '').replaceAll('MARK', join(dir, 'pwned')), dir };
  });

function rendered(c: Case): Case {
  try {
    const command = compileTemplate(c.template, { shell: true, name: 'cmd' })({
      extra: { v: c.value, a: true },
    });
    return { ...c, command: String(command) };
  } catch (error) {
    if (error instanceof ValidationError && /^E_TEMPLATE/.test(error.code)) return c;
    throw error;
  }
}

/** One bash process runs every command, each in its own directory, input closed, time bounded. */
function runAll(cases: Case[]): void {
  const runnable = cases.filter((c) => c.command !== undefined);
  const list = join(root, `batch${next}`);
  for (const c of runnable) mkdirSync(c.dir, { recursive: true });
  writeFileSync(list, runnable.map((c) => `${c.dir}\0${c.command}\0`).join(''));
  const driver = `while IFS= read -r -d '' d && IFS= read -r -d '' c; do
  (cd "$d" && timeout -k 1 10 bash -c "$c" </dev/null >/dev/null 2>&1) || :; done < "$1"`;
  execFileSync('bash', ['-c', driver, 'driver', list], { timeout: 120_000 });
}

describe('no rendered value runs in bash, for hundreds of command shapes and hostile values', () => {
  it('holds for shapes × wrappers × payloads drawn at random (property, real bash)', () => {
    fc.assert(
      fc.property(fc.array(caseArb, { minLength: 40, maxLength: 40 }), (drawn) => {
        const cases = drawn.map(rendered);
        runAll(cases);
        for (const c of cases) {
          const ran = existsSync(join(c.dir, 'pwned'));
          expect(ran, `${JSON.stringify(c.template)} with ${JSON.stringify(c.value)} ran: ${c.command}`).toBe(
            false,
          );
        }
      }),
      { numRuns: 8 },
    );
  });

  it('covers every shape: with the issue payload each one is refused or renders harmlessly', () => {
    const cases = SHAPES.map((shape) => {
      const dir = join(root, `shape${(next += 1)}`);
      const template = shape.replaceAll('V', '{{ v }}');
      return rendered({ template, value: `a[$(touch ${join(dir, 'pwned')})]`, dir });
    });
    runAll(cases);
    for (const c of cases)
      expect(existsSync(join(c.dir, 'pwned')), `${c.template} ran: ${c.command}`).toBe(false);
    // The payload is plain text where bash does not evaluate it: those shapes still render.
    const renderedShapes = cases.filter((c) => c.command !== undefined).map((c) => c.template);
    expect(renderedShapes).toEqual(
      expect.arrayContaining(['echo {{ v }}', '[ {{ v }} -gt 10 ]', 'x={{ v }}; echo "${x}"']),
    );
  });
});
