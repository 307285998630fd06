import { textArgs, type ProgramSpec } from './shell-program-spec.js';

/**
 * Interpreters other than shells, and programs that run code on other hosts or through an option
 * (`ssh host CMD`, `ssh -o ProxyCommand=…`, `rsync -e`, `git -c`, `tar --to-command`).
 */

export const INTERPRETERS: Record<string, ProgramSpec> = {
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
    withProgram: ['code'],
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

export const REMOTE: Record<string, ProgramSpec> = {
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
