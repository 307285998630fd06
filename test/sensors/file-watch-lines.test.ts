import { appendFile, mkdtemp, rename, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { silentLogger } from '../../src/common/logger.js';
import { FILE_TRIGGER_TYPES } from '../../src/sensors/files/file-trigger-types.js';
import { createFileWatchSensor, type FileWatchSensor } from '../../src/sensors/files/file-watch-sensor.js';
import { recordingDispatcher, sleep, type RecordingDispatcher } from './helpers/recording-dispatcher.js';

describe('core.file_watch.line', () => {
  let dir: string;
  let file: string;
  let sensor: FileWatchSensor;
  let dispatcher: RecordingDispatcher;
  const lines = () => dispatcher.calls.map((call) => (call.payload as { line: string }).line);

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'squall-tail-'));
    file = path.join(dir, 'app.log');
    dispatcher = recordingDispatcher(FILE_TRIGGER_TYPES);
    sensor = createFileWatchSensor({ dispatcher, logger: silentLogger() });
  });
  afterEach(async () => {
    await sensor.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const follow = async () => {
    sensor.add({ type: 'core.file_watch.line', parameters: { file_path: file }, key: 'tail' });
    await sensor.ready();
  };

  it('reports appended lines (not older ones), one instance per line, partial lines held until complete', async () => {
    await writeFile(file, 'old line\n');
    await follow();
    await appendFile(file, 'first\nsecond\r\nthi');
    await dispatcher.waitFor(2);
    await sleep(200);
    expect(lines()).toEqual(['first', 'second']);
    await appendFile(file, 'rd\n');
    await dispatcher.waitFor(3);
    expect(lines()).toEqual(['first', 'second', 'third']);
    expect(dispatcher.calls[0]!.payload).toEqual({ file_path: file, file_name: 'app.log', line: 'first' });
  });

  it('follows a file created after the watch started', async () => {
    await follow();
    await writeFile(file, 'born\n');
    await dispatcher.waitFor(1);
    expect(lines()).toEqual(['born']);
  });

  it('survives rotation: finishes the old file, then reads the new one from its start', async () => {
    await writeFile(file, '');
    await follow();
    await appendFile(file, 'before rotation\n');
    await dispatcher.waitFor(1);
    await rename(file, `${file}.1`);
    await writeFile(file, 'after rotation\n');
    await dispatcher.waitFor(2);
    await appendFile(file, 'more\n');
    await dispatcher.waitFor(3);
    expect(lines()).toEqual(['before rotation', 'after rotation', 'more']);
  });

  it('survives truncation: reads again from the start', async () => {
    await writeFile(file, 'a fairly long existing line\n');
    await follow();
    await truncate(file, 0);
    await sleep(200);
    await appendFile(file, 'fresh\n');
    await dispatcher.waitFor(1);
    expect(lines()).toEqual(['fresh']);
  });
});
