import { describe, expect, it } from 'vitest';

import { ValidationError } from '../../src/common/errors.js';
import { compileTemplate } from '../../src/templates/compile-template.js';

const HOSTILE = 'a[$(touch /nonexistent/pwned)]';

function render(source: string, v: unknown): string {
  return compileTemplate(source, { shell: true, name: 'cmd' })({ extra: { v } }) as string;
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

describe('a value bash uses as a variable name must be a name', () => {
  it.each([
    ['printf -v {{ v }} %s x', /printf -v/],
    ['read {{ v }} <<< x', /\(read\)/],
    ['read -r -a {{ v }} <<< x', /\(read\)/],
    ['mapfile -t {{ v }} < /dev/null', /\(mapfile\)/],
    ['[[ -v {{ v }} ]]', /\[\[ -v … \]\]/],
    ['[ -v {{ v }} ]', /test -v/],
    ['test -v {{ v }}', /test -v/],
    ['declare {{ v }}=1', /declared variable/],
    ['f() { local {{ v }}=1; }; f', /declared variable/],
    ['export {{ v }}=1', /declared variable/],
    ['declare -n r={{ v }}; echo "$r"', /reference variable/],
    ['x={{ v }}; echo "${!x}"', /indirect expansion/],
    ['getopts ab {{ v }}', /getopts/],
  ])('%s', (source, where) => {
    const error = failure(() => render(source, HOSTILE));
    expect(error.code).toBe('E_TEMPLATE_RENDER');
    expect(error.message).toMatch(where);
    expect(error.message).toMatch(/must be a variable name \(letters, digits and _\)/);
    expect(render(source, 'good_name1')).toContain('good_name1');
    expect(render(source, 'good_name1')).not.toContain("'good_name1'");
  });

  it('refuses names bash gives a meaning of their own', () => {
    for (const name of ['RANDOM', 'PS4', 'BASH_ENV', 'OPTIND']) {
      expect(failure(() => render('printf -v {{ v }} %s x', name)).message).toMatch(`must not be "${name}"`);
    }
    expect(failure(() => render('declare -i n; read {{ v }}', 'n')).message).toMatch('must not be "n"');
  });

  it('refuses, when compiling, a value naming a variable declared -i or -n', () => {
    for (const source of ['declare -i {{ v }}=1', 'declare -n {{ v }}=x']) {
      const error = failure(() => compileTemplate(source, { shell: true, name: 'cmd' }));
      expect(error).toMatchObject({ code: 'E_TEMPLATE' });
      expect(error.message).toMatch(/cannot name a variable declared -i or -n/);
    }
  });

  it('follows a variable that is given a value under a name chosen by a value', () => {
    expect(failure(() => render('printf -v {{ v }} %s {{ v }}; (( count > 1 ))', 'count')).message).toMatch(
      /through a command's output/,
    );
    expect(failure(() => render('declare {{ v }}={{ v }}; echo $(( total ))', 'total')).message).toMatch(
      /must be an integer/,
    );
  });

  it('leaves names that are only unset alone', () => {
    expect(render('unset {{ v }}', 'old_var')).toBe('unset old_var');
  });
});
