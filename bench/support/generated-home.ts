// A Squall home of generated content for the benchmarks: `rules` rule files spread over packs of
// RULES_PER_PACK, each pack with one trigger type, plus the bundled core pack.
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { bundledPacksDir } from '../../src/common/package-root.js';

export const RULES_PER_PACK = 100;

export interface GeneratedHome {
  root: string;
  home: string;
  bundled: string;
  /** Absolute path of rule `n`. */
  ruleFile(n: number): string;
  /** The YAML of rule `n`, matching `kind == pattern`. */
  ruleYaml(n: number, pattern?: string): string;
  cleanup(): Promise<void>;
}

const packOf = (n: number): string => `bench_${Math.floor(n / RULES_PER_PACK)}`;

export async function generateHome(rules: number): Promise<GeneratedHome> {
  const root = await mkdtemp(path.join(tmpdir(), 'squall-bench-home-'));
  const home = path.join(root, 'home');
  const bundled = path.join(root, 'bundled');
  await mkdir(bundled, { recursive: true });
  await symlink(path.join(bundledPacksDir(), 'core'), path.join(bundled, 'core'));
  const ruleFile = (n: number): string => path.join(home, 'packs', packOf(n), 'rules', `rule_${n}.yaml`);
  const ruleYaml = (n: number, pattern = `kind-${n % 10}`): string => `name: rule_${n}
pack: ${packOf(n)}
enabled: true
trigger: { type: ${packOf(n)}.event }
criteria:
  trigger.kind: { type: equals, pattern: ${pattern} }
  trigger.size: { type: gt, pattern: ${n % 7} }
  trigger.env: { type: inside, pattern: [prod, staging] }
action:
  ref: core.noop
`;
  const packs = Math.ceil(rules / RULES_PER_PACK);
  for (let p = 0; p < packs; p++) {
    const dir = path.join(home, 'packs', `bench_${p}`);
    await mkdir(path.join(dir, 'rules'), { recursive: true });
    await mkdir(path.join(dir, 'triggers'), { recursive: true });
    await writeFile(
      path.join(dir, 'pack.yaml'),
      `name: bench_${p}\ndescription: generated\nversion: 1.0.0\nauthor: bench\n`,
    );
    await writeFile(path.join(dir, 'triggers', 'event.yaml'), 'name: event\n');
  }
  const writes: Promise<void>[] = [];
  for (let n = 0; n < rules; n++) {
    writes.push(writeFile(ruleFile(n), ruleYaml(n)));
    if (writes.length >= 256) await Promise.all(writes.splice(0));
  }
  await Promise.all(writes);
  return {
    root,
    home,
    bundled,
    ruleFile,
    ruleYaml,
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
}
