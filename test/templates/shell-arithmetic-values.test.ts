import { describe, expect, it } from 'vitest';

import { ValidationError } from '../../src/common/errors.js';
import { compileTemplate } from '../../src/templates/compile-template.js';

const HOSTILE = 'a[$(touch /nonexistent/pwned)]';

function render(source: string, v: unknown): string {
  return compileTemplate(source, { shell: true, name: 'cmd' })({ extra: { v, a: true } }) as string;
}

function failure(run: () => unknown): ValidationError {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

const renderError = (source: string, v: unknown): ValidationError => failure(() => render(source, v));
const compileError = (source: string): ValidationError =>
  failure(() => compileTemplate(source, { shell: true, name: 'cmd' }));

const COMPARISON = /numeric comparison of \[\[ … \]\]/;

describe('a value bash evaluates as arithmetic must be an integer', () => {
  it.each<[string, RegExp]>([
    ...['-eq', '-ne', '-lt', '-le', '-gt', '-ge'].map((op): [string, RegExp] => [
      `[[ {{ v }} ${op} 10 ]]`,
      COMPARISON,
    ]),
    ['[[ 10 -gt {{ v }} ]]', COMPARISON],
    ['[[ -n x && ( "{{ v }}" -lt 1 ) ]]', COMPARISON],
    ['(( {{ v }} > 10 ))', /bash arithmetic \(\(\( … \)\)\)/],
    ['echo $(( {{ v }} + 1 ))', /\$\(\( … \)\)/],
    ['echo $[ {{ v }} + 1 ]', /\$\[ … \]/],
    ['for (( i={{ v }}; i<3; i++ )); do :; done', /for \(\( … \)\)/],
    ['let n={{ v }}', /\(let\)/],
    ['let "n = {{ v }}"', /\(let\)/],
    ['declare -i n={{ v }}', /integer variable/],
    ['f() { local -i n={{ v }}; }; f', /integer variable/],
    ['typeset -i n={{ v }}', /integer variable/],
    ['declare -i n; n={{ v }}', /integer variable/],
    ['n+={{ v }}; declare -i n', /integer variable/],
    ['RANDOM={{ v }}', /integer variable/],
    ['OPTIND={{ v }}', /integer variable/],
    ['arr[{{ v }}]=1', /array subscript/],
    ['a=([{{ v }}]=1)', /array subscript/],
    ['declare -ai a=({{ v }})', /integer variable/],
  ])('%s', (source, where) => {
    const error = renderError(source, HOSTILE);
    expect(error.code).toBe('E_TEMPLATE_RENDER');
    expect(error.message).toMatch(where);
    expect(error.message).toMatch(/must be an integer, not "a\[\$\(touch \/nonexistent\/pwned\)\]"/);
    expect(error.message).toMatch(/"\| int"/);
    expect(render(source, 12)).toContain('12');
    expect(render(source, '12')).not.toContain("'12'");
  });

  it('prints the integer bare and in decimal, whatever the quoting', () => {
    expect(render('let "n = {{ v }}"', ' 012 ')).toBe('let "n = 12"');
    expect(render("[[ '{{ v }}' -gt 1 ]]", -3)).toBe("[[ '-3' -gt 1 ]]");
    expect(render('(( {{ v }} ))', 2 ** 60)).toBe(`(( ${2n ** 60n} ))`);
  });

  it.each([['1.5'], [''], [true], ['0x10'], ['1 + 1'], [null]])('refuses %j', (value) => {
    expect(renderError('(( {{ v }} > 1 ))', value).message).toMatch(/must be an integer/);
  });

  it('accepts a value made an integer with "| int"', () => {
    expect(render('[[ {{ v | int }} -gt 10 ]] && echo big', HOSTILE)).toBe('[[ 0 -gt 10 ]] && echo big');
  });

  it('leaves [ … ] and test alone: they do not evaluate expressions', () => {
    expect(render('[ {{ v }} -gt 10 ]', HOSTILE)).toBe(`[ '${HOSTILE}' -gt 10 ]`);
    expect(render('test "{{ v }}" -eq 1', HOSTILE)).toBe(`test "${HOSTILE.replace('$', '\\$')}" -eq 1`);
    expect(render('[[ {{ v }} == 10 ]]', HOSTILE)).toBe(`[[ '${HOSTILE}' == 10 ]]`);
  });

  it('refuses a value glued to a name, which would make another variable name', () => {
    expect(compileError('(( x{{ v }} > 1 ))').message).toMatch(/right after a name's letters/);
  });
});

describe('a value assigned to a variable bash later evaluates as arithmetic must be an integer', () => {
  it.each([
    'x={{ v }}; (( x > 1 ))',
    'x={{ v }}; [[ $x -eq 1 ]]',
    'x={{ v }}; [[ x -eq 1 ]]',
    's=abc; x={{ v }}; echo ${s:x}',
    'i={{ v }}; echo ${arr[i]}',
    'f() { (( x > 1 )); }; x={{ v }}; f',
    'while :; do (( x )) && break; x={{ v }}; done',
    'y={{ v }}; x=$y; echo $(( x ))',
    'y={{ v }}; x=y; echo $(( x ))',
    'for x in a {{ v }}; do echo $(( x )); done',
    'a=({{ v }}); echo $(( a[0] ))',
    'x="{{ v }}"; declare -i n=$x',
    "X={{ v }} bash -c '(( X > 1 ))'",
  ])('%s', (source) => {
    const error = renderError(source, HOSTILE);
    expect(error.code).toBe('E_TEMPLATE_RENDER');
    expect(error.message).toMatch(/is assigned to "\w+"/);
    expect(render(source, 7)).toContain('7');
  });

  it('keeps text values of variables that are only printed', () => {
    expect(render('x={{ v }}; echo "$x"', HOSTILE)).toBe(`x='${HOSTILE}'; echo "$x"`);
  });

  it.each([
    ['x=$(echo {{ v }}); (( x ))', /through a command's output/],
    ['echo $(( $(echo {{ v }}) ))', /through a command's output/],
    ['[[ $(echo {{ v }}) -gt 1 ]]', /through a command's output/],
    ['printf -v y %s {{ v }}; echo $(( y ))', /through a command's output/],
    ['read x; (( x > 1 )); echo {{ v }}', /"x" is read from input \(read\)/],
    ['f() { (( $1 > 1 )); }; f {{ v }}', /"\$1" holds data/],
    ['[[ {{ v }} =~ (.*) ]] && echo $(( BASH_REMATCH[1] ))', /through a command's output/],
  ])(
    'refuses, when compiling, %s: a value that reaches arithmetic where it cannot be checked',
    (source, reason) => {
      const error = compileError(source);
      expect(error.code).toBe('E_TEMPLATE');
      expect(error.message).toMatch(reason);
      expect(error.message).toMatch(/\[ "\$x" -gt N \]/);
    },
  );
});

describe('associative array keys are text, when the array surely is associative', () => {
  it('quotes a key of an array declared -A before, at the top level', () => {
    expect(render('declare -A m; m[{{ v }}]=1', HOSTILE)).toBe(`declare -A m; m['${HOSTILE}']=1`);
    expect(render('declare -A m=([{{ v }}]=1)', HOSTILE)).toBe(`declare -A m=(['${HOSTILE}']=1)`);
  });

  it.each([
    'if false; then declare -A m; fi; m[{{ v }}]=1',
    'declare -A m; unset m; m[{{ v }}]=1',
    'declare -A m; f() { local m; m[{{ v }}]=1; }; f',
    'declare -A m | cat; m[{{ v }}]=1',
    'm[{{ v }}]=1; declare -A m',
  ])('takes the subscript as arithmetic otherwise: %s', (source) => {
    expect(renderError(source, HOSTILE).message).toMatch(/array subscript/);
  });
});
