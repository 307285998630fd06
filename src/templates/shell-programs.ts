/**
 * Programs that run (part of) their arguments as code, and how their options say which part: the
 * shells (`bash -c CODE`), other interpreters (`python -c`, `perl -e`, `awk` programs, `sed`
 * scripts), remote and privileged execution (`ssh host CMD`, `su -c`), and the prefixes that run
 * the command after them (`sudo`, `env`, `timeout`, `xargs` …). Anything not listed here is a
 * plain program whose arguments are data.
 */

/**
 * What an option's argument or an operand is. `code`, `shell` (shell code, which Squall reads
 * too) and `script` (a file to run) give the program; `code-option` and `script-option` are code
 * or a file to load besides the program (`ssh -o ProxyCommand=…`, `node --require`).
 */
export type ArgKind = 'text' | 'code' | 'shell' | 'script' | 'command' | 'code-option' | 'script-option';

/** How a flag changes the operands. */
export type Mode = 'code-operand' | 'all-code' | 'stdin' | 'lookup' | 'command';

export interface ProgramSpec {
  /** Options that take an argument (as the next word or attached), and what it is. */
  readonly args?: Readonly<Record<string, ArgKind>>;
  /** Single-letter flags that change what the operands are. */
  readonly flags?: Readonly<Record<string, Mode>>;
  /** The operands in order; the last one repeats. */
  readonly operands: readonly ArgKind[];
  /** The operands once an option gave the program (`-c CODE`, `-e`, `-f FILE`). */
  readonly withProgram?: readonly ArgKind[];
  /** Reads its program from standard input while fewer operands than this were given. */
  readonly stdinBelow?: number;
  /** Options may follow operands (GNU getopt), so a value must never look like one. */
  readonly permutes?: boolean;
  /** `NAME=value` operands come first (env, sudo). */
  readonly assignments?: boolean;
  /** Options start with `+` too (`bash +o`). */
  readonly plusOptions?: boolean;
}

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

const INTERPRETERS: Record<string, ProgramSpec> = {
  python: {
    args: { '-c': 'code', '-m': 'script', '-W': 'text', '-X': 'text', '-Q': 'text' },
    operands: ['script', 'text'],
    withProgram: ['text'],
    stdinBelow: 1,
  },
  // perl opens file arguments with a two-argument open in `<>`, -n and -p, where "|cmd" runs cmd.
  perl: {
    args: { '-e': 'code', '-E': 'code', '-M': 'code-option', '-m': 'code-option', '-I': 'code-option' },
    operands: ['code'],
  },
  ruby: {
    args: { '-e': 'code', '-r': 'script-option', '-I': 'text', '-C': 'text', '-E': 'text', '-F': 'text' },
    operands: ['script', 'text'],
    withProgram: ['text'],
    stdinBelow: 1,
  },
  node: {
    args: {
      '-e': 'code',
      '--eval': 'code',
      '-p': 'code',
      '--print': 'code',
      '-r': 'script-option',
      '--require': 'script-option',
      '--import': 'script-option',
      '--loader': 'script-option',
      '--experimental-loader': 'script-option',
      '-C': 'text',
      '--conditions': 'text',
    },
    operands: ['script', 'text'],
    withProgram: ['text'],
    stdinBelow: 1,
  },
  php: {
    args: {
      '-r': 'code',
      '-B': 'code',
      '-R': 'code',
      '-E': 'code',
      '-d': 'code-option',
      '-f': 'script',
      '-F': 'script',
      '-c': 'script-option',
    },
    operands: ['script', 'text'],
    withProgram: ['text'],
    stdinBelow: 1,
  },
  lua: {
    args: { '-e': 'code', '-l': 'script-option' },
    operands: ['script', 'text'],
    withProgram: ['text'],
    stdinBelow: 1,
  },
  Rscript: { args: { '-e': 'code' }, operands: ['script', 'text'], withProgram: ['text'] },
  tclsh: {
    args: { '-c': 'code', '-f': 'script' },
    operands: ['script', 'text'],
    withProgram: ['text'],
    stdinBelow: 1,
  },
  osascript: { args: { '-e': 'code' }, operands: ['script', 'text'], withProgram: ['text'] },
  pwsh: {
    args: {
      '-c': 'code',
      '-Command': 'code',
      '-command': 'code',
      '-EncodedCommand': 'code',
      '-f': 'script',
      '-File': 'script',
    },
    operands: ['code'],
  },
  awk: {
    args: {
      '-f': 'script',
      '--file': 'script',
      '-E': 'script',
      '--exec': 'script',
      '-e': 'code',
      '--source': 'code',
      '-i': 'script-option',
      '--include': 'script-option',
      '-l': 'script-option',
      '--load': 'script-option',
      '-F': 'text',
      '--field-separator': 'text',
      '-v': 'text',
      '--assign': 'text',
    },
    operands: ['code', 'text'],
    withProgram: ['text'],
    permutes: true,
  },
  // GNU sed runs shell commands: the `e` command and the `e` flag of `s///`.
  sed: {
    args: {
      '-e': 'code',
      '--expression': 'code',
      '-f': 'script',
      '--file': 'script',
      '-l': 'text',
      '--line-length': 'text',
    },
    operands: ['code', 'text'],
    withProgram: ['text'],
    permutes: true,
  },
};

const REMOTE: Record<string, ProgramSpec> = {
  ssh: {
    args: {
      ...textArgs('-B -b -c -D -E -e -I -i -J -L -l -m -O -P -p -Q -R -S -W -w'),
      '-o': 'code-option',
      '-F': 'script-option',
    },
    operands: ['text', 'shell'],
    stdinBelow: 2,
  },
  scp: {
    args: {
      ...textArgs('-c -D -i -J -l -P -X -s'),
      '-o': 'code-option',
      '-F': 'script-option',
      '-S': 'script-option',
    },
    operands: ['text'],
    permutes: true,
  },
  rsync: {
    args: {
      ...textArgs(
        '-f --filter -T --temp-dir --exclude --include -B --block-size --port --password-file --log-file --files-from --exclude-from --include-from --chmod --timeout --bwlimit --partial-dir --backup-dir --suffix --compare-dest --copy-dest --link-dest --info --debug --out-format --log-file-format --max-size --min-size --modify-window --iconv --usermap --groupmap --chown',
      ),
      '-e': 'code-option',
      '--rsh': 'code-option',
      '--rsync-path': 'code-option',
      '-M': 'code-option',
      '--remote-option': 'code-option',
    },
    operands: ['text'],
    permutes: true,
  },
  git: {
    args: {
      ...textArgs(
        '-C --git-dir --work-tree --namespace -m --message -b --branch -F --file --author --date --depth -o --origin --format --pretty -n --since --until --grep -S -G --reference --separate-git-dir -j --jobs --template -t',
      ),
      '-c': 'code-option',
      '--config': 'code-option',
      '--config-env': 'code-option',
      '--exec-path': 'script-option',
      '--upload-pack': 'code-option',
      '--receive-pack': 'code-option',
    },
    operands: ['text'],
    permutes: true,
  },
  tar: {
    args: {
      ...textArgs(
        '-f --file -C --directory -T --files-from -X --exclude-from --exclude -b --blocking-factor -H --format -V --label -N --newer --owner --group --mode --mtime --transform --xform --strip-components -g --listed-incremental',
      ),
      '-I': 'script-option',
      '--use-compress-program': 'script-option',
      '--to-command': 'code-option',
      '--checkpoint-action': 'code-option',
      '-F': 'script-option',
      '--info-script': 'script-option',
      '--new-volume-script': 'script-option',
      '--rsh-command': 'script-option',
      '--rmt-command': 'script-option',
    },
    operands: ['text'],
    permutes: true,
  },
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

function textArgs(names: string): Record<string, ArgKind> {
  return Object.fromEntries(names.split(' ').map((name) => [name, 'text' as const]));
}
