import { existsSync } from 'node:fs';
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { silentLogger } from '../../src/common/logger.js';
import { createEngine, type Engine } from '../../src/engine/create-engine.js';
import { makeTempHome, packYaml, type TempHome } from '../support/temp-home.js';

const SENSOR = `class_name: Outside
entry_point: outside.js
description: a module that is a symlink to a file outside the pack
poll_interval: 0.2
trigger_types:
  - name: tick
`;

describe('pack code cannot reach outside its pack through a symlink', () => {
  let temp: TempHome;
  let outside: string;
  let engine: Engine | undefined;
  beforeEach(async () => {
    temp = await makeTempHome(['core']);
    outside = await mkdtemp(path.join(tmpdir(), 'squall-outside-'));
  });
  afterEach(async () => {
    await engine?.stop();
    await temp.cleanup();
    await rm(outside, { recursive: true, force: true });
  });

  it('refuses a sensor module symlinked outside the pack, and never runs it', async () => {
    const marker = path.join(outside, 'ran');
    const module = path.join(outside, 'outside.js');
    await writeFile(
      module,
      `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(marker)}, 'x');\nexport default class Outside { poll() {} }\n`,
    );
    await temp.write('packs/demo/pack.yaml', packYaml('demo'));
    const metadata = await temp.write('packs/demo/sensors/outside.yaml', SENSOR);
    await symlink(module, path.join(path.dirname(metadata), 'outside.js'));

    engine = await createEngine({
      home: temp.home,
      bundledPacksDirs: [temp.bundled],
      logger: silentLogger(),
    });
    const issue = engine.snapshot().issues.find((candidate) => candidate.file === metadata);
    expect(issue?.message).toMatch(
      /points outside the pack folder .* \(it resolves to .*outside\.js\); refused/,
    );
    expect(engine.sensorStatus().map((sensor) => sensor.ref)).not.toContain('demo.Outside');
    await engine.stop();
    engine = undefined;
    expect(existsSync(marker)).toBe(false);
  });
});
