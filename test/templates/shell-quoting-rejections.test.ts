import { describe, expect, it } from 'vitest';
import { compileTemplate } from '../../src/templates/compile-template.js';
import { ValidationError } from '../../src/common/errors.js';

function compileError(source: string): ValidationError {
  try {
    compileTemplate(source, { shell: true, name: 'actions/run.yaml' });
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(source)} to be rejected`);
}

describe('shell mode refuses places where no quoting is safe', () => {
  it.each([
    ['echo `echo {{ v }}`', /inside `…` \(use \$\(…\) instead\)/],
    ['echo ${X:-{{ v }}}', /inside \$\{…\}/],
    ["echo $'{{ v }}'", /inside \$'…' quoting/],
    ['echo ${{ v }}', /right after "\$"/],
    ['echo \\{{ v }}', /right after a backslash/],
    ['ls # {{ v }}', /inside a shell comment/],
    ['cat <<EOF\n{{ v }}\nEOF', /inside a here-document/],
    ["cat <<'EOF'\nx {{ v }}\nEOF", /inside a here-document/],
  ])('%j', (source, reason) => {
    const error = compileError(source);
    expect(error.code).toBe('E_TEMPLATE');
    expect(error.message).toMatch(reason);
    expect(error.message).toContain('actions/run.yaml');
    expect(error.message).toMatch(/line \d+, column \d+/);
  });

  it('accepts text after a here-document ends, and # inside words or quotes', () => {
    const source = 'cat <<EOF\nplain\nEOF\necho a#b \'#\' "#" {{ v }}';
    expect(compileTemplate(source, { shell: true })({ extra: { v: 'x' } })).toBe(
      "cat <<EOF\nplain\nEOF\necho a#b '#' \"#\" 'x'",
    );
  });

  it('rejects {% if %} branches that leave quotes open differently', () => {
    expect(compileError('{% if a %}echo "{% else %}echo {% endif %}{{ v }}').message).toMatch(
      /branches of this \{% if %\} leave the shell quoting in different states/,
    );
  });

  it('rejects a loop body that leaves a quote open', () => {
    expect(compileError('{% for x in xs %}"{{ x }}{% endfor %}').message).toMatch(/\{% for %\} loop body/);
  });

  it('rejects a # that is a comment in one branch and not in the other', () => {
    expect(compileError('{% if a %}x{% else %} {% endif %}#{{ v }}').message).toMatch(
      /starts a comment in some branches/,
    );
  });

  it('rejects a loop whose second iteration would read a # as a comment', () => {
    expect(compileError('echo x{% for i in l %}#{{ i }} {% endfor %}').message).toMatch(/comment/);
  });

  it('rejects includes', () => {
    expect(compileError('{% include "x.j2" %}').message).toMatch(/cannot include/);
  });
});
