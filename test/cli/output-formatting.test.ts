import { describe, expect, it } from 'vitest';

import type { CliIo } from '../../src/cli/cli-io.js';
import { formatRecord } from '../../src/cli/output/format-record.js';
import { formatTable } from '../../src/cli/output/format-table.js';
import { createStyle, styleFor } from '../../src/cli/output/style.js';

const plain = createStyle(false);
const io = (isTTY: boolean, env: NodeJS.ProcessEnv = {}): CliIo => ({
  stdout: { write: () => true, isTTY },
  stderr: { write: () => true },
  env,
  cwd: '/',
});

describe('human output', () => {
  it('aligns table columns under upper-case headers', () => {
    const rows = [
      { ref: 'core.local', runner: 'local-shell-cmd' },
      { ref: 'x.y', runner: 'noop' },
    ];
    const text = formatTable(
      [
        { header: 'ref', value: (r: (typeof rows)[number]) => r.ref },
        { header: 'runner', value: (r: (typeof rows)[number]) => r.runner },
      ],
      rows,
      plain,
    );
    expect(text).toBe('REF         RUNNER\ncore.local  local-shell-cmd\nx.y         noop\n');
  });

  it('keeps cells on one line and cuts long ones', () => {
    const text = formatTable(
      [{ header: 'd', value: (r: { d: string }) => r.d, maxWidth: 10 }],
      [{ d: 'line one\nline two is long' }],
      plain,
    );
    expect(text).toBe('D\nline one …\n');
    expect(formatTable([{ header: 'a', value: () => 1 }], [], plain)).toBe('(none)\n');
  });

  it('prints key: value blocks, nested values indented below their label', () => {
    const text = formatRecord(
      [
        { label: 'id', value: 'abc' },
        { label: 'skipped', value: undefined },
        { label: 'parameters', value: { cmd: 'ls', count: 2 } },
        { label: 'stdout', value: 'a\nb\n' },
      ],
      plain,
    );
    expect(text).toBe('id:         abc\nparameters:\n  cmd: ls\n  count: 2\nstdout:\n  a\n  b\n');
  });

  it('colours only on a terminal, and never with NO_COLOR', () => {
    expect(styleFor(io(false)).enabled).toBe(false);
    expect(styleFor(io(true)).enabled).toBe(true);
    expect(styleFor(io(true, { NO_COLOR: '1' })).enabled).toBe(false);
    expect(styleFor(io(true)).red('x')).toBe('\u001b[31mx\u001b[39m');
    expect(plain.red('x')).toBe('x');
  });
});
