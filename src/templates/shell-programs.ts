import { INTERPRETERS, REMOTE } from './shell-interpreters.js';
import { textArgs, type ArgKind, type ProgramSpec } from './shell-program-spec.js';

export type { ArgKind, Mode, ProgramSpec } from './shell-program-spec.js';

/**
 * Programs that run (part of) their arguments as code, and how their options say which part: the
 * shells (`bash -c CODE`), other interpreters (`python -c`, `perl -e`, `awk` programs, `sed`
 * scripts), remote and privileged execution (`ssh host CMD`, `su -c`), and the prefixes that run
 * the command after them (`sudo`, `env`, `timeout`, `xargs` …). Anything not listed here is a
 * plain program whose arguments are data.
 */

const SHELL: ProgramSpec = {
  args: {
    '-o': 'text',
    '+o': 'text',
    '-O': 'text',
    '+O': 'text',
    '--rcfile': 'script-option',
    '--init-file': 'script-option',
  },
  flags: { c: 'code-operand', s: 'stdin' },
  operands: ['script', 'text'],
  stdinBelow: 1,
  plusOptions: true,
};

const RUN_AS: Record<string, ProgramSpec> = {
  su: {
    args: {
      '-c': 'shell',
      '--command': 'shell',
      '--session-command': 'shell',
      '-s': 'script-option',
      '--shell': 'script-option',
      ...textArgs('-g --group -G --supp-group -w --whitelist-environment -u --user'),
    },
    operands: ['text', 'code'],
    permutes: true,
  },
  sudo: {
    args: textArgs(
      '-u --user -g --group -h --host -p --prompt -C --close-from -D --chdir -R --chroot -r --role -t --type -T --command-timeout -U --other-user',
    ),
    flags: { s: 'all-code', i: 'all-code', e: 'lookup', l: 'lookup', v: 'lookup' },
    operands: ['command'],
    assignments: true,
    stdinBelow: 0,
  },
  doas: { args: textArgs('-u -C'), flags: { s: 'all-code' }, operands: ['command'] },
  sg: { operands: ['text', 'shell'] },
  script: {
    args: {
      '-c': 'shell',
      '--command': 'shell',
      ...textArgs('-E --echo -I --log-in -O --log-out -B --log-io -T --log-timing -m --logging-format'),
    },
    operands: ['text'],
  },
  watch: {
    args: textArgs('-n --interval -d --differences -q --equexit'),
    flags: { x: 'command' },
    operands: ['shell'],
  },
  at: { args: { '-f': 'script', ...textArgs('-q -t') }, operands: ['text'], stdinBelow: Infinity },
  batch: { args: { '-f': 'script', ...textArgs('-q -t') }, operands: ['text'], stdinBelow: Infinity },
  crontab: { args: textArgs('-u'), operands: ['script'], stdinBelow: 1 },
  parallel: { operands: ['shell'] },
};

const PREFIXES: Record<string, ProgramSpec> = {
  env: {
    args: { ...textArgs('-u --unset -C --chdir'), '-S': 'code', '--split-string': 'code' },
    operands: ['command'],
    assignments: true,
  },
  nohup: { operands: ['command'] },
  setsid: { operands: ['command'] },
  unbuffer: { operands: ['command'] },
  busybox: { operands: ['command'] },
  builtin: { operands: ['command'] },
  nice: { args: textArgs('-n --adjustment'), operands: ['command'] },
  ionice: { args: textArgs('-c --class -n --classdata -p --pid -P --pgid -u --uid'), operands: ['command'] },
  stdbuf: { args: textArgs('-i -o -e --input --output --error'), operands: ['command'] },
  timeout: { args: textArgs('-s --signal -k --kill-after'), operands: ['text', 'command'] },
  chroot: { args: textArgs('--userspec --groups'), operands: ['text', 'command'], stdinBelow: 2 },
  exec: { args: textArgs('-a'), operands: ['command'] },
  command: { flags: { v: 'lookup', V: 'lookup' }, operands: ['command'] },
  time: { operands: ['command'] },
  taskset: { operands: ['text', 'command'] },
  chrt: { args: textArgs('-T -P -D'), operands: ['text', 'command'] },
  flock: {
    args: { ...textArgs('-w --timeout -E --conflict-exit-code'), '-c': 'shell', '--command': 'shell' },
    operands: ['text', 'command'],
    withProgram: ['text'],
    permutes: true,
  },
  strace: { args: textArgs('-e -o -p -s -u -E -a -b -I -O -S -X -P'), operands: ['command'] },
  ltrace: { args: textArgs('-e -o -p -s -u -a -n'), operands: ['command'] },
  xargs: {
    args: textArgs(
      '-a --arg-file -d --delimiter -E -I -L -n --max-args -P --max-procs -s --max-chars --process-slot-var',
    ),
    operands: ['command'],
  },
};

const PROGRAMS: Record<string, ProgramSpec> = {
  ...INTERPRETERS,
  ...REMOTE,
  ...RUN_AS,
  ...PREFIXES,
  runuser: RUN_AS['su'] as ProgramSpec,
  pkexec: PREFIXES['nohup'] as ProgramSpec,
};
const SHELLS = 'sh bash dash zsh ksh ksh93 mksh pdksh ash yash posh fish csh tcsh rbash'.split(' ');
for (const shell of SHELLS) PROGRAMS[shell] = SHELL;

/** A shell: the code it reads is shell code (Squall reads it too). */
export function isShell(key: string): boolean {
  return SHELLS.includes(key);
}

const ALIASES: [RegExp, string][] = [
  [/^(?:python|pypy)[\d.]*$/, 'python'],
  [/^perl[\d.]*$/, 'perl'],
  [/^ruby[\d.]*$/, 'ruby'],
  [/^(?:node|nodejs)$/, 'node'],
  [/^php[\d.]*$/, 'php'],
  [/^lua(?:jit)?[\d.]*$/, 'lua'],
  [/^(?:wish|expect)$/, 'tclsh'],
  [/^powershell$/, 'pwsh'],
  [/^(?:gawk|mawk|nawk)$/, 'awk'],
  [/^gsed$/, 'sed'],
  [/^sftp$/, 'scp'],
];

/** The table entry for a command name (`/usr/bin/python3.11` → `python`), if any. */
export function programNamed(command: string): { key: string; spec: ProgramSpec } | undefined {
  const base = command.slice(command.lastIndexOf('/') + 1);
  const key = ALIASES.find(([pattern]) => pattern.test(base))?.[1] ?? base;
  const spec = Object.hasOwn(PROGRAMS, key) ? PROGRAMS[key] : undefined;
  return spec ? { key, spec } : undefined;
}

export function programSpec(key: string): ProgramSpec | undefined {
  return Object.hasOwn(PROGRAMS, key) ? PROGRAMS[key] : undefined;
}

/** The operands a program's modes give it. */
export function operandKinds(spec: ProgramSpec, modes: readonly string[]): readonly ArgKind[] {
  if (modes.includes('lookup')) return ['text'];
  if (modes.includes('all-code')) return ['shell'];
  if (modes.includes('command')) return ['command'];
  if (modes.includes('code-operand')) return ['shell', 'text'];
  if (modes.includes('stdin')) return ['text'];
  if (modes.includes('program')) return spec.withProgram ?? ['text'];
  return spec.operands;
}
