import { existsSync, readdirSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { loadSensorFile } from '../../src/sensors/pack-sensors/load-sensor-file.js';

const CORPUS = '/work/shared/st2-corpus';

describe('loadSensorFile', () => {
  let packDir: string;
  beforeEach(async () => {
    packDir = await mkdtemp(path.join(tmpdir(), 'squall-sensor-meta-'));
    await mkdir(path.join(packDir, 'sensors'));
  });
  afterEach(async () => rm(packDir, { recursive: true, force: true }));

  const write = async (name: string, text: string) => {
    const file = path.join(packDir, 'sensors', name);
    await writeFile(file, text);
    return file;
  };

  it.skipIf(!existsSync(CORPUS))(
    'loads every sensor of the StackStorm corpus; Python ones without their module are listed as unsupported',
    async () => {
      const files = readdirSync(CORPUS).flatMap((pack) => {
        const dir = path.join(CORPUS, pack, 'sensors');
        return existsSync(dir)
          ? readdirSync(dir)
              .filter((f) => f.endsWith('.yaml'))
              .map((f) => ({ pack, dir: path.join(CORPUS, pack), file: path.join(dir, f) }))
          : [];
      });
      expect(files.length).toBeGreaterThanOrEqual(5);
      for (const { pack, dir, file } of files) {
        const definition = await loadSensorFile(file, { pack, packDir: dir });
        expect(definition.runtime).toBe('unsupported');
        expect(definition.unsupportedReason).toMatch(/Python sensor module .*\.py not found/);
        expect(definition.triggerTypes.length).toBeGreaterThan(0);
      }
      const linux = await loadSensorFile(path.join(CORPUS, 'linux/sensors/file_watch_sensor.yaml'), {
        pack: 'linux',
        packDir: path.join(CORPUS, 'linux'),
      });
      expect(linux).toMatchObject({ ref: 'linux.FileWatchSensor', enabled: true });
      expect(linux.triggerTypes[0]).toMatchObject({
        ref: 'linux.file_watch.line',
        parameters_schema: { type: 'object' },
      });
      const polling = await loadSensorFile(path.join(CORPUS, 'examples/sensors/sample_polling_sensor.yaml'), {
        pack: 'examples',
        packDir: path.join(CORPUS, 'examples'),
      });
      expect(polling.pollInterval).toBe(10);
    },
  );

  it('loads a JavaScript sensor with its trigger types and resolved entry point', async () => {
    await writeFile(path.join(packDir, 'sensors', 'ticker.mjs'), 'export default class Ticker {}');
    const file = await write(
      'ticker.yaml',
      [
        'class_name: Ticker',
        'entry_point: ticker.mjs',
        'poll_interval: 2',
        'trigger_types:',
        '  - name: tick',
        '    payload_schema: {type: object}',
        '',
      ].join('\n'),
    );
    const definition = await loadSensorFile(file, { pack: 'demo', packDir });
    expect(definition).toMatchObject({
      ref: 'demo.Ticker',
      runtime: 'node',
      enabled: true,
      pollInterval: 2,
      entryPath: path.join(packDir, 'sensors', 'ticker.mjs'),
      triggerTypes: [{ ref: 'demo.tick', pack: 'demo', name: 'tick', payload_schema: { type: 'object' } }],
    });
  });

  it('names the file and line of what is wrong', async () => {
    const unknown = await write('a.yaml', 'class_name: A\nentry_point: a.js\nfrequency: 3\n');
    await expect(loadSensorFile(unknown, { pack: 'demo', packDir })).rejects.toThrow(
      /a\.yaml:3: unknown field "frequency"/,
    );
    const missing = await write('b.yaml', 'class_name: B\nentry_point: b.js\n');
    await expect(loadSensorFile(missing, { pack: 'demo', packDir })).rejects.toThrow(
      /b\.yaml:2: entry_point b\.js not found/,
    );
    const badTrigger = await write(
      'c.yaml',
      'class_name: C\nentry_point: c.py\ntrigger_types:\n  - description: x\n',
    );
    await expect(loadSensorFile(badTrigger, { pack: 'demo', packDir })).rejects.toThrow(
      /c\.yaml:4: trigger type name is required/,
    );
    const outside = await write('d.yaml', 'class_name: D\nentry_point: ../../evil.js\n');
    await expect(loadSensorFile(outside, { pack: 'demo', packDir })).rejects.toThrow(
      /points outside the pack folder/,
    );
    const yaml = await write('e.yaml', 'class_name: [\n');
    await expect(loadSensorFile(yaml, { pack: 'demo', packDir })).rejects.toMatchObject({ code: 'E_YAML' });
  });
});
