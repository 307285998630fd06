import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  finishedExecutions,
  instancesOf,
  rule,
  startSensorEngine,
  until,
  type SensorEngine,
} from './helpers/sensor-engine.js';

describe('file watchers fire YAML rules through the engine into recorded executions', () => {
  let harness: SensorEngine;
  let inbox: string;
  let logFile: string;

  beforeAll(async () => {
    // Paths inside the temp home are only known once it exists: the rules are written after.
    harness = await startSensorEngine({ files: {} });
    inbox = path.join(harness.temp.home, 'inbox');
    logFile = path.join(harness.temp.home, 'app.log');
    await mkdir(inbox);
    await writeFile(logFile, 'old line, before the watch\n');
    for (const [file, text] of [
      rule({
        name: 'on_new_file',
        trigger: 'core.file_watch',
        parameters: { path: inbox, events: ['add'] },
        criteria: { 'trigger.path': { type: 'endswith', pattern: '.csv' } },
        action: {
          ref: 'core.local',
          parameters: { cmd: 'echo "{{ trigger.event }} {{ trigger.path }} {{ trigger.size }}"' },
        },
      }),
      rule({
        name: 'on_log_line',
        trigger: 'core.file_watch.line',
        parameters: { file_path: logFile },
        criteria: { 'trigger.line': { type: 'startswith', pattern: 'ERROR' } },
        action: {
          ref: 'core.local',
          parameters: { cmd: 'echo "{{ trigger.file_name }}: {{ trigger.line }}"' },
        },
      }),
    ])
      await harness.temp.write(file, text);
    await harness.engine.reload();
  });
  afterAll(async () => {
    await harness.stop();
  });

  it('a file created in a watched folder runs the rule with its path, event and size', async () => {
    const { engine } = harness;
    // The watch starts in the background: probe with files the criteria ignore until one is seen.
    let probes = 0;
    await until(async () => {
      await writeFile(path.join(inbox, `probe-${probes++}.txt`), 'probe');
      return (await instancesOf(engine, 'core.file_watch')).length > 0;
    }, 'the folder watch to report a probe file');

    const report = path.join(inbox, 'report.csv');
    await writeFile(report, 'a,b\n1,2\n');
    const [execution] = await until(async () => {
      const done = await finishedExecutions(engine, 'on_new_file');
      return done.length > 0 && done;
    }, 'the file_watch execution');
    expect(execution).toMatchObject({ status: 'succeeded', stdout: `add ${report} 8` });
    const instance = await engine.store.getTriggerInstance(execution!.trigger_instance!);
    expect(instance?.payload).toMatchObject({ path: report, event: 'add', size: 8 });
    expect(instance?.trigger_parameters).toMatchObject({ path: inbox });
    // Only the .csv file ran the action; the probes were matched and dropped.
    await engine.idle();
    expect(await finishedExecutions(engine, 'on_new_file')).toHaveLength(1);
  });

  it('a line appended to a tailed file runs the rule once with that line', async () => {
    const { engine } = harness;
    let probes = 0;
    await until(
      async () => {
        await appendFile(logFile, `INFO probe ${probes++}\n`);
        return (await instancesOf(engine, 'core.file_watch.line')).length > 0;
      },
      'the tail to report a probe line',
      10_000,
    );

    await appendFile(logFile, 'ERROR disk full on /var\nINFO all good\n');
    const [execution] = await until(async () => {
      const done = await finishedExecutions(engine, 'on_log_line');
      return done.length > 0 && done;
    }, 'the file_watch.line execution');
    expect(execution).toMatchObject({ status: 'succeeded', stdout: 'app.log: ERROR disk full on /var' });
    await until(
      async () =>
        (await instancesOf(engine, 'core.file_watch.line')).some(
          (instance) => (instance.payload as { line: string }).line === 'INFO all good',
        ),
      'the line after it',
    );
    const lines = (await instancesOf(engine, 'core.file_watch.line')).map(
      (instance) => (instance.payload as { line: string }).line,
    );
    expect(lines).not.toContain('old line, before the watch');
    expect(lines.filter((line) => line.startsWith('ERROR'))).toEqual(['ERROR disk full on /var']);
    await engine.idle();
    expect(await finishedExecutions(engine, 'on_log_line')).toHaveLength(1);
  });
});
