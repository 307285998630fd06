import { realpath } from 'node:fs/promises';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createEngine, type Engine } from '../../src/engine/create-engine.js';
import type { Execution } from '../../src/domain/execution.js';
import { silentLogger } from '../../src/common/logger.js';
import { squall } from '../cli/helpers/capture-io.js';
import { makeTempHome, type TempHome } from '../support/temp-home.js';
import { makeGitRepo, type GitFixture } from '../packs/support/git-repo.js';

/**
 * A pack laid out and written the way StackStorm Exchange packs are (pack.yaml with
 * python_versions, an empty requirements.txt, actions/lib as a package, six, st2common imports,
 * a PollingSensor, an alias and rules) — its own code, standard library only.
 */
const PACK: Record<string, string> = {
  'pack.yaml': `---
ref: tabular
name: tabular
description: Table utilities, Exchange style
keywords: [csv, tables]
version: 1.2.0
python_versions:
  - "3"
author: tests
email: tests@example.invalid
`,
  'requirements.txt': '',
  'config.schema.yaml': `---
delimiter:
  description: Default delimiter
  type: string
  default: ","
`,
  'actions/lib/__init__.py': '',
  'actions/lib/base.py': `from st2common.runners.base_action import Action


class TabularAction(Action):
    def __init__(self, config):
        super(TabularAction, self).__init__(config=config)
        self.delimiter = self.config.get("delimiter", ",")
`,
  'actions/parse.yaml': `---
name: parse
runner_type: python-script
description: Parse CSV text into rows.
enabled: true
entry_point: parse.py
parameters:
  data:
    type: string
    description: CSV text.
    required: true
`,
  'actions/parse.py': `import csv

from six.moves import StringIO

from lib.base import TabularAction

__all__ = ["ParseAction"]


class ParseAction(TabularAction):
    def run(self, data):
        return [row for row in csv.reader(StringIO(data), delimiter=str(self.delimiter))]
`,
  'actions/format.yaml': `---
name: format
runner_type: python-script
description: Format rows as CSV.
enabled: true
entry_point: format.py
parameters:
  rows:
    type: array
    required: true
`,
  'actions/format.py': `import csv

import six
from six.moves import StringIO

from st2common.exceptions.action import InvalidActionParameterException
from st2common.runners.base_action import Action


class FormatAction(Action):
    def run(self, rows):
        if not rows:
            raise InvalidActionParameterException("rows is empty")
        out = StringIO()
        writer = csv.writer(out)
        for row in rows:
            writer.writerow([six.text_type(cell) for cell in row])
        return out.getvalue()
`,
  'actions/record_beat.yaml': `---
name: record_beat
runner_type: python-script
entry_point: record_beat.py
parameters:
  count:
    type: integer
    required: true
`,
  'actions/record_beat.py': `from st2common.runners.base_action import Action


class RecordBeat(Action):
    def run(self, count):
        self.action_service.set_value("tabular_last_beat", str(count), local=False)
        return True, count
`,
  'sensors/beat_sensor.yaml': `---
class_name: BeatSensor
entry_point: beat_sensor.py
description: Emits a beat every poll.
poll_interval: 0.3
trigger_types:
  - name: beat
    description: A beat.
    payload_schema:
      type: object
      properties:
        count:
          type: integer
`,
  'sensors/beat_sensor.py': `import eventlet

from st2reactor.sensor.base import PollingSensor


class BeatSensor(PollingSensor):
    def __init__(self, sensor_service, config=None, poll_interval=None):
        super(BeatSensor, self).__init__(sensor_service=sensor_service, config=config, poll_interval=poll_interval)
        self._logger = self.sensor_service.get_logger(name=self.__class__.__name__)
        self._count = 0

    def setup(self):
        self._count = int(self.sensor_service.get_value("count") or 0)

    def poll(self):
        self._count += 1
        self.sensor_service.set_value("count", str(self._count))
        self.sensor_service.dispatch(trigger="tabular.beat", payload={"count": self._count})
        eventlet.sleep(0)

    def cleanup(self):
        pass

    def add_trigger(self, trigger):
        pass

    def update_trigger(self, trigger):
        pass

    def remove_trigger(self, trigger):
        pass
`,
  'rules/on_upload.yaml': `---
name: on_upload
pack: tabular
description: Parse uploaded CSV.
enabled: true
trigger:
  type: core.st2.webhook
  parameters:
    url: tabular_upload
action:
  ref: tabular.parse
  parameters:
    data: "{{ trigger.body.csv }}"
`,
  'rules/on_beat.yaml': `---
name: on_beat
pack: tabular
enabled: true
trigger:
  type: tabular.beat
action:
  ref: tabular.record_beat
  parameters:
    count: "{{ trigger.count }}"
`,
  'aliases/parse.yaml': `---
name: parse
pack: tabular
action_ref: tabular.parse
description: Parse CSV text
formats:
  - "csv parse {{ data }}"
ack:
  enabled: false
result:
  format: "parsed {{ execution.result.result | length }} rows, first: {{ execution.result.result[0] | join('|') }}"
`,
};

describe('an Exchange-style pack: installed from git, run from the CLI, a rule, a chat alias and its sensor', () => {
  let home: TempHome;
  let repo: GitFixture;
  let engine: Engine | undefined;
  const at = (...args: string[]): string[] => [...args, '--home', home.home];

  beforeAll(async () => {
    home = await makeTempHome(['core', 'packs', 'chatops']);
    repo = await makeGitRepo();
    for (const [file, text] of Object.entries(PACK)) await repo.write(file, text);
    repo.commit('tabular 1.2.0');
  });
  afterAll(async () => {
    await engine?.stop();
    await repo?.cleanup();
    await home?.cleanup();
  });

  it('installs with squall pack install, with a virtualenv of its own', async () => {
    const install = await squall(at('pack', 'install', repo.url));
    expect(install.code, install.stderr).toBe(0);
    expect(install.stdout).toContain('installed tabular 1.2.0');
    expect(install.stderr).toMatch(/^venv: creating the virtualenv of tabular/m);
    const venv = await realpath(path.join(home.home, 'virtualenvs', 'tabular'));
    expect(path.basename(venv)).toMatch(/^tabular-[0-9a-f]{12}-/);
  });

  it('runs its actions from the CLI: lib/ imports, six, pack config defaults, st2 exceptions', async () => {
    const parse = await squall(at('run', 'tabular.parse', 'data=a,b\n1,2', '--json'));
    expect(parse.code, parse.stderr).toBe(0);
    expect(parse.json<Execution>().result).toMatchObject({
      exit_code: 0,
      result: [
        ['a', 'b'],
        ['1', '2'],
      ],
    });
    const format = await squall(at('run', 'tabular.format', 'rows=[["x", 1]]', '--json'));
    expect(format.json<Execution>().result).toMatchObject({ result: 'x,1\r\n' });
    const empty = await squall(at('run', 'tabular.format', 'rows=[]', '--json'));
    expect(empty.code).toBe(1);
    expect(String((empty.json<Execution>().result as { stderr: string }).stderr)).toContain(
      'InvalidActionParameterException: rows is empty',
    );
  });

  it('runs from a chat alias', async () => {
    const chat = await squall(at('chat', 'csv parse "k,v"', '--user', 'alice'));
    expect(chat.code, chat.stderr).toBe(0);
    expect(chat.stdout).toContain('parsed 1 rows, first: k|v');
  });

  it('runs from a rule, and its Python sensor drives a rule whose Python action writes the datastore', async () => {
    engine = await createEngine({
      home: home.home,
      bundledPacksDirs: [home.bundled],
      logger: silentLogger(),
    });
    const instance = await engine.dispatch(
      'core.st2.webhook',
      { headers: {}, body: { csv: 'p,q\n3,4' } },
      { triggerParameters: { url: 'tabular_upload' } },
    );
    const fromRule = await waitFor(async () => {
      const [execution] = await engine!.store.listExecutions({ rule: 'tabular.on_upload', limit: 1 });
      return execution?.end_timestamp ? execution : undefined;
    });
    expect(fromRule.trigger_instance).toBe(instance.id);
    expect(fromRule.status).toBe('succeeded');
    expect((fromRule.result as { result: unknown }).result).toEqual([
      ['p', 'q'],
      ['3', '4'],
    ]);
    const beat = await waitFor(async () => {
      const value = (await engine!.datastore.get('system', 'tabular_last_beat'))?.value;
      return value !== undefined && Number(value) >= 2 ? Number(value) : undefined;
    });
    expect(beat).toBeGreaterThanOrEqual(2);
    expect(
      Number((await engine.datastore.get('system', 'tabular.BeatSensor:count'))?.value),
    ).toBeGreaterThanOrEqual(beat);
    const sensor = engine.sensorStatus().find((status) => status.ref === 'tabular.BeatSensor');
    expect(sensor?.state).toBe('running');
  });
});

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`nothing after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
