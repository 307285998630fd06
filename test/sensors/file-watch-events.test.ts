import { mkdtemp, rm, unlink, writeFile, appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { silentLogger } from '../../src/common/logger.js';
import { FILE_TRIGGER_TYPES } from '../../src/sensors/files/file-trigger-types.js';
import { createFileWatchSensor, type FileWatchSensor } from '../../src/sensors/files/file-watch-sensor.js';
import { recordingDispatcher, sleep } from './helpers/recording-dispatcher.js';

describe('core.file_watch', () => {
  let dir: string;
  let sensor: FileWatchSensor | undefined;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'squall-file-watch-'));
  });
  afterEach(async () => {
    await sensor?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('reports a file that does not exist yet being created, changed and removed', async () => {
    const dispatcher = recordingDispatcher(FILE_TRIGGER_TYPES);
    sensor = createFileWatchSensor({ dispatcher, logger: silentLogger() });
    const file = path.join(dir, 'flag.txt');
    sensor.add({ type: 'core.file_watch', parameters: { path: file }, key: 'flag' });
    await sensor.ready();
    await writeFile(file, 'hello');
    await dispatcher.waitFor(1);
    await sleep(150);
    await appendFile(file, ' world');
    await dispatcher.waitFor(2);
    await sleep(150);
    await unlink(file);
    const calls = await dispatcher.waitFor(3);
    expect(calls.map((call) => call.payload)).toEqual([
      { path: file, event: 'add', size: 5, mtime: expect.any(String) },
      { path: file, event: 'change', size: 11, mtime: expect.any(String) },
      { path: file, event: 'unlink', size: null, mtime: null },
    ]);
    expect(calls[0]!.options.triggerParameters).toEqual({ path: file });
  });

  it('watches the files of a folder, filtered by events, ignoring sub-folders unless recursive', async () => {
    const dispatcher = recordingDispatcher(FILE_TRIGGER_TYPES);
    sensor = createFileWatchSensor({ dispatcher, logger: silentLogger() });
    await writeFile(path.join(dir, 'existing.txt'), 'x');
    sensor.add({ type: 'core.file_watch', parameters: { path: dir, events: ['add'] }, key: 'dir' });
    await sensor.ready();
    await writeFile(path.join(dir, 'existing.txt'), 'changed');
    await writeFile(path.join(dir, 'new.txt'), 'new');
    const [call] = await dispatcher.waitFor(1);
    await sleep(300);
    expect(dispatcher.calls).toHaveLength(1);
    expect(call!.payload).toMatchObject({ path: path.join(dir, 'new.txt'), event: 'add', size: 3 });
  });

  it('stops reporting once the last use is removed', async () => {
    const dispatcher = recordingDispatcher(FILE_TRIGGER_TYPES);
    sensor = createFileWatchSensor({ dispatcher, logger: silentLogger() });
    const use = { type: 'core.file_watch', parameters: { path: dir }, key: 'dir' };
    sensor.add(use);
    await sensor.ready();
    sensor.remove(use);
    await sleep(100);
    await writeFile(path.join(dir, 'late.txt'), 'x');
    await sleep(400);
    expect(dispatcher.calls).toHaveLength(0);
  });

  it('refuses unknown events', () => {
    sensor = createFileWatchSensor({
      dispatcher: recordingDispatcher(FILE_TRIGGER_TYPES),
      logger: silentLogger(),
    });
    expect(() =>
      sensor!.add({ type: 'core.file_watch', parameters: { path: dir, events: ['moved'] }, key: 'k' }),
    ).toThrow(/events must be a list of add, change, unlink/);
  });
});
