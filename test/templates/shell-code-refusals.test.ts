import { execFileSync } from 'node:child_process';

import { describe, expect, it } from 'vitest';

import { ValidationError } from '../../src/common/errors.js';
import { compileTemplate } from '../../src/templates/compile-template.js';

function compileError(source: string): ValidationError {
  try {
    compileTemplate(source, { shell: true, name: 'rules/on_push.yaml parameter "cmd"' });
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(source)} to be refused`);
}

function render(source: string, extra: Record<string, unknown>): string {
  return compileTemplate(source, { shell: true, name: 'cmd' })({ extra }) as string;
}

const HOW_TO_PASS = /pass it as an argument or an environment variable instead/;

describe('values cannot stand in code a command runs: refused when the template compiles', () => {
  it.each([
    'eval {{ v }}',
    'eval "echo {{ v }}"',
    'bash -c {{ v }}',
    'bash -c "echo {{ v }}"',
    'sh -ec "ls {{ v }}"',
    'bash -o pipefail -c {{ v }}',
    'dash -c {{ v }}',
    'zsh -c {{ v }}',
    'su -c {{ v }}',
    'su - deploy -c "systemctl restart {{ v }}"',
    'ssh web1 uptime {{ v }}',
    'ssh -p 22 web1 "tail {{ v }}"',
    'trap {{ v }} EXIT',
    'trap "rm {{ v }}" EXIT',
    'sudo bash -c {{ v }}',
    'sudo -u deploy -- sh -c {{ v }}',
    'env LANG=C bash -c {{ v }}',
    'nohup sh -c {{ v }} &',
    'timeout 30 bash -c {{ v }}',
    'echo x | xargs -0 bash -c {{ v }}',
    'exec sh -c {{ v }}',
    'command eval {{ v }}',
    'find . -name "*.log" -exec sh -c {{ v }} \\;',
    'flock /tmp/lock -c {{ v }}',
    'watch -n 5 {{ v }}',
    'python3 -c {{ v }}',
    'python3 -c "print({{ v }})"',
    'perl -e {{ v }}',
    'perl -ne "print" {{ v }}',
    'node -e {{ v }}',
    'ruby -e {{ v }}',
    'awk {{ v }} /dev/null',
    'awk "BEGIN { print {{ v }} }"',
    'sed "s/a/{{ v }}/" file',
    'sed -e {{ v }} file',
    'ssh -o {{ v }} web1 uptime',
    'git -c {{ v }} fetch',
    'rsync -e {{ v }} a b:',
    'mapfile -C {{ v }} -c 1 arr < /dev/null',
  ])('%s', (source) => {
    const error = compileError(source);
    expect(error.code).toBe('E_TEMPLATE');
    expect(error.message).toContain('rules/on_push.yaml parameter "cmd"');
    expect(error.message).toMatch(/\(line 1, column \d+\)/);
    expect(error.message).toMatch(HOW_TO_PASS);
  });

  it.each([
    ['source {{ v }}', /cannot choose the script or program/],
    ['. {{ v }}', /cannot choose the script or program/],
    ['bash {{ v }}', /cannot choose the script or program/],
    ['python3 {{ v }}', /cannot choose the script or program/],
    ['{{ v }} --version', /cannot be the command to run/],
    ['sudo {{ v }} restart', /cannot be the command to run/],
    ['x={{ v }}; $x', /run as code as the command to run/],
    ['x={{ v }}; eval "$x"', /run as code in code eval runs/],
    ['PS4={{ v }}; set -x', HOW_TO_PASS],
    ['x={{ v }}; echo "${x@P}"', /prompt expansion runs commands/],
    ['"$TOOL" {{ v }}', /command name comes from an expansion/],
  ])('%s', (source, reason) => {
    expect(compileError(source).message).toMatch(reason);
  });

  it.each([
    'echo {{ v }} | bash',
    'bash <<< {{ v }}',
    'echo {{ v }} | sudo -s',
    'echo {{ v }} | ssh web1',
    'cat {{ v }} | sh -s -- arg',
    'echo {{ v }} | at now',
    '{ echo {{ v }}; } | bash',
    '(echo {{ v }}) | bash',
  ])('refuses a value sent to a program that reads code from its input: %s', (source) => {
    expect(compileError(source).message).toMatch(
      /reaches the input of .* reads the code to run from its input/,
    );
  });

  it('reads shell code written in the template for the values it uses', () => {
    const heredoc = "X={{ v }} bash <<'EOF'\n(( X > 1 )) && echo big\nEOF";
    for (const source of ["X={{ v }} bash -c '(( X > 1 ))'", heredoc, 'X={{ v }} eval "(( X > 1 ))"']) {
      expect(() => render(source, { v: 'a[$(id)]' })).toThrow(/must be an integer/);
      expect(render(source, { v: 5 })).toContain('X=5');
    }
    expect(() => render("bash -c '(( $1 > 1 ))' _ {{ v }}", { v: 5 })).toThrow(/"\$1" holds data/);
  });
});

describe('the fixes the messages suggest work', () => {
  const VALUE = `it's "$(touch /nonexistent/x)" \`id\` $HOME`;
  const run = (command: string): string => execFileSync('bash', ['-c', command], { encoding: 'utf8' });

  it('passes a value to inline code as an argument', () => {
    expect(run(render('bash -c \'printf "%s" "$1"\' _ {{ v }}', { v: VALUE }))).toBe(VALUE);
  });

  it('passes a value to inline code in an environment variable', () => {
    expect(run(render('X={{ v }} bash -c \'printf "%s" "$X"\'', { v: VALUE }))).toBe(VALUE);
    expect(run(render('env X={{ v }} sh -c \'printf "%s" "$X"\'', { v: VALUE }))).toBe(VALUE);
  });

  it('passes a value to awk with -v and to ssh as the destination', () => {
    expect(render("awk -v name={{ v }} 'BEGIN { print name }'", { v: 'x' })).toBe(
      "awk -v name='x' 'BEGIN { print name }'",
    );
    expect(render('ssh {{ v }} uptime', { v: 'web1' })).toBe("ssh 'web1' uptime");
    expect(() => render('ssh {{ v }} uptime', { v: '-oProxyCommand=id' })).toThrow(/must not start with "-"/);
  });

  it('keeps "| safe" as the explicit way to insert trusted shell text', () => {
    expect(render('bash -c {{ v | safe }}', { v: '"echo hi"' })).toBe('bash -c "echo hi"');
  });
});

describe('branches and loops are followed, not merged into a failure', () => {
  it('renders options chosen with {% if %} before a value', () => {
    const source = 'ls {% if long %}-l{% endif %} {{ dir }}';
    expect(render(source, { long: true, dir: 'a b' })).toBe("ls -l 'a b'");
    expect(render(source, { long: false, dir: 'a b' })).toBe("ls  'a b'");
  });

  it('checks every branch: one branch that makes the value code is enough to refuse', () => {
    expect(compileError('{% if a %}eval{% else %}echo{% endif %} {{ v }}').message).toMatch(/eval runs it/);
    expect(compileError('{% if a %}x=1{% else %}x={{ v }}{% endif %}; eval "$x"').message).toMatch(
      /run as code/,
    );
  });

  it('follows a loop until its states repeat', () => {
    const source = 'n=0; {% for x in xs %}n=$(( n + {{ x }} )); {% endfor %}echo $n';
    expect(render(source, { xs: [1, 2] })).toBe('n=0; n=$(( n + 1 )); n=$(( n + 2 )); echo $n');
    expect(() => render(source, { xs: [1, 'a[$(id)]'] })).toThrow(/must be an integer/);
    expect(render('echo{% for f in xs %} {{ f }}{% endfor %}', { xs: ['a', 'b'] })).toBe("echo 'a' 'b'");
  });
});
