import { existsSync } from 'node:fs';
import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ST2_CORPUS } from '../support/st2-corpus.js';
import { createRunnerRegistry } from '../../src/actions/create-runner-registry.js';
import { INTERNAL_TRIGGER_TYPES } from '../../src/snapshot/internal-triggers.js';
import type { ContentSnapshot } from '../../src/snapshot/model/content-snapshot.js';
import { loadContent } from '../../src/snapshot/load-content.js';

const CORPUS = ST2_CORPUS;
const PACKS = ['core', 'linux', 'chatops', 'examples', 'packs'];

describe.skipIf(!existsSync(CORPUS))('StackStorm packs load unchanged', () => {
  if (!existsSync(CORPUS)) console.warn(`skipping: the st2 corpus is not at ${CORPUS}`);
  let root: string;
  let snapshot: ContentSnapshot;

  beforeAll(async () => {
    // One folder of symlinks, so each corpus pack is read in place as a pack of its own.
    root = await mkdtemp(path.join(tmpdir(), 'squall-corpus-'));
    for (const pack of PACKS) await symlink(path.join(CORPUS, pack), path.join(root, pack));
    snapshot = await loadContent({
      packRoots: [{ dir: root, bundled: false }],
      builtinTriggerTypes: INTERNAL_TRIGGER_TYPES,
      runners: createRunnerRegistry(),
    });
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('loads every pack with no error', () => {
    expect([...snapshot.packs.keys()].sort()).toEqual([...PACKS].sort());
    expect(snapshot.issues.filter((issue) => issue.severity === 'error')).toEqual([]);
  });

  it('lists actions of runners Squall lacks as unsupported, with the reason, and loads the rest', () => {
    const winrm = snapshot.actions.get('core.winrm_cmd');
    expect(winrm?.unsupported).toMatch(/WinRM runners are not supported/);
    expect(snapshot.actions.get('core.local')?.unsupported).toBeUndefined();
    expect(snapshot.actions.get('core.remote')?.unsupported).toBeUndefined();
    expect(snapshot.actions.get('linux.dig')).toBeDefined();
    const supported = [...snapshot.actions.values()].filter((action) => !action.unsupported);
    expect(supported.length).toBeGreaterThan(10);
  });

  it('loads the rules, aliases and sensors of the packs', () => {
    expect(snapshot.rules.has('examples.sample_rule_with_webhook')).toBe(true);
    expect(snapshot.aliases.size).toBeGreaterThan(0);
    const fileWatch = snapshot.sensors.get('linux.FileWatchSensor');
    expect(fileWatch?.runtime).toBe('unsupported');
    expect(snapshot.triggerTypes.has('linux.file_watch.line')).toBe(true);
  });
});
