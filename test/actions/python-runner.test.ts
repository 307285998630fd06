import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createEngine, type Engine } from '../../src/engine/create-engine.js';
import type { Execution } from '../../src/domain/execution.js';
import { silentLogger } from '../../src/common/logger.js';
import { makeTempHome, packYaml, type TempHome } from '../support/temp-home.js';

/** A pack written here: one action per StackStorm behaviour the runner must reproduce. */
const ACTIONS: Record<string, { meta: string; code: string }> = {
  plain: {
    meta: 'parameters:\n  name: { type: string, required: true }\n  count: { type: integer, default: 2 }\n',
    code: `from st2common.runners.base_action import Action

class Greet(Action):
    def run(self, name, count):
        print("hello " + name)
        self.logger.info("greeting %s", name)
        return {"greeting": "hi " + name, "count": count, "types": [type(count).__name__]}
`,
  },
  pair: {
    meta: 'parameters:\n  ok: { type: boolean, required: true }\n',
    code: `from st2common.runners.base_action import Action

class Pair(Action):
    def run(self, ok):
        return (ok, {"ok": ok})
`,
  },
  bad_pair: {
    meta: 'parameters: {}\n',
    code: `from st2common.runners.base_action import Action

class BadPair(Action):
    def run(self):
        return (1, 2)
`,
  },
  raises: {
    meta: 'parameters: {}\n',
    code: `from st2common.runners.base_action import Action

class Raises(Action):
    def run(self):
        print("before the error")
        raise ValueError("boom from python")
`,
  },
  config: {
    meta: 'parameters:\n  key: { type: string, required: true }\n',
    code: `from st2common.runners.base_action import Action

class ReadConfig(Action):
    def run(self, key):
        return self.config[key]
`,
  },
  setter: {
    meta: 'parameters:\n  value: { type: string, required: true }\n',
    code: `from st2common.runners.base_action import Action

class Setter(Action):
    def run(self, value):
        self.action_service.set_value("greeting", value, local=False)
        self.action_service.set_value("counter", "1")
        names = sorted(kv.name for kv in self.action_service.list_values())
        return {"local": self.action_service.get_value("counter"), "names": names,
                "missing": self.action_service.get_value("nope", local=False)}
`,
  },
  echo: {
    meta: 'parameters:\n  text: { type: string }\n',
    code: `from st2common.runners.base_action import Action

class Echo(Action):
    def run(self, text=None):
        return text
`,
  },
  missing_import: {
    meta: 'parameters: {}\n',
    code: `from st2common.services.datastore import ActionDatastoreService
from st2common.runners.base_action import Action

class Missing(Action):
    def run(self):
        return 1
`,
  },
  environment: {
    meta: 'parameters: {}\n  \n',
    code: `import os
from st2common.runners.base_action import Action

class Environment(Action):
    def run(self):
        return {"squall": sorted(k for k in os.environ if k.startswith("SQUALL_")),
                "action": os.environ.get("ST2_ACTION_NAME"), "extra": os.environ.get("EXTRA"),
                "pid": os.getpid()}
`,
  },
  legacy: {
    meta: 'parameters:\n  items: { type: array }\n',
    code: `import six
from six.moves import StringIO
from st2actions.runners.pythonrunner import Action

class Legacy(Action):
    def __init__(self, config):
        super(Legacy, self).__init__(config)

    def run(self, items):
        out = StringIO()
        for index, item in six.iteritems(dict(enumerate(items))):
            out.write("%d=%s;" % (index, item))
        return out.getvalue()
`,
  },
  sleeper: {
    meta: 'parameters:\n  pidfile: { type: string, required: true }\n  timeout: { default: 1 }\n',
    code: `import os, subprocess, time
from st2common.runners.base_action import Action

class Sleeper(Action):
    def run(self, pidfile):
        child = subprocess.Popen(["sleep", "300"])
        with open(pidfile, "w") as f:
            f.write("%d %d" % (child.pid, os.getpid()))
        time.sleep(300)
`,
  },
  crash: {
    meta: 'parameters: {}\n',
    code: `import os
from st2common.runners.base_action import Action

class Crash(Action):
    def run(self):
        os._exit(7)
`,
  },
  exits: {
    meta: 'parameters: {}\n',
    code: `import sys
from st2common.runners.base_action import Action

class Exits(Action):
    def run(self):
        sys.exit(3)
`,
  },
  pid: {
    meta: 'parameters:\n  mine: { type: string }\n  theirs: { type: string }\n',
    code: `import os, time
from st2common.runners.base_action import Action

class Pid(Action):
    def run(self, mine=None, theirs=None):
        # Two executions meet: each marks its start and waits for the other's.
        if mine:
            open(mine, "w").close()
            deadline = time.time() + 20
            while not os.path.exists(theirs) and time.time() < deadline:
                time.sleep(0.01)
        return os.getpid()
`,
  },
  version: {
    meta: 'parameters: {}\n',
    code: `from st2common.runners.base_action import Action

class Version(Action):
    def run(self):
        return "v1"
`,
  },
};

const CONFIG_SCHEMA = 'region:\n  type: string\n  default: eu-west-1\napi_url:\n  type: string\n';

describe('python-script runner: StackStorm Python actions run in warm workers', () => {
  let home: TempHome;
  let engine: Engine;
  const run = async (action: string, parameters: Record<string, unknown> = {}): Promise<Execution> => {
    const requested = await engine.run({ action: `pyt.${action}`, parameters });
    return engine.waitForExecution(requested.id, { timeoutMs: 25_000 });
  };
  const result = (execution: Execution): Record<string, unknown> =>
    execution.result as Record<string, unknown>;

  beforeAll(async () => {
    process.env['SQUALL_TEST_LEAK'] = 'must-not-reach-python';
    home = await makeTempHome();
    await home.write('packs/pyt/pack.yaml', packYaml('pyt'));
    await home.write('packs/pyt/config.schema.yaml', CONFIG_SCHEMA);
    await home.write('configs/pyt.yaml', 'api_url: https://api.example.com\n');
    for (const [name, { meta, code }] of Object.entries(ACTIONS)) {
      await home.write(
        `packs/pyt/actions/${name}.yaml`,
        `name: ${name}\nrunner_type: python-script\nentry_point: ${name}.py\n${meta}`,
      );
      await home.write(`packs/pyt/actions/${name}.py`, code);
    }
    await home.write('packs/other/pack.yaml', packYaml('other'));
    await home.write(
      'packs/other/actions/pid.yaml',
      'name: pid\nrunner_type: python-script\nentry_point: pid.py\nparameters: {}\n',
    );
    await home.write('packs/other/actions/pid.py', ACTIONS['pid']?.code ?? '');
    await home.write(
      'packs/pyt/rules/after_setter.yaml',
      `name: after_setter
pack: pyt
enabled: true
trigger: { type: core.st2.generic.actiontrigger }
criteria:
  trigger.action_ref: { type: equals, pattern: pyt.setter }
action:
  ref: pyt.echo
  parameters: { text: "{{ st2kv.system.greeting }}" }
`,
    );
    engine = await createEngine({
      home: home.home,
      bundledPacksDirs: [home.bundled],
      logger: silentLogger(),
      sensors: false,
    });
  });
  afterAll(async () => {
    delete process.env['SQUALL_TEST_LEAK'];
    await engine?.stop();
    await home?.cleanup();
  });

  it('returns run()’s value as result.result, with typed parameters, stdout and the action logger on stderr', async () => {
    const execution = await run('plain', { name: 'ada' });
    expect(execution.status).toBe('succeeded');
    expect(result(execution)).toMatchObject({
      exit_code: 0,
      result: { greeting: 'hi ada', count: 2, types: ['int'] },
      stdout: 'hello ada\n',
    });
    expect(result(execution)['stderr']).toMatch(/^actions\.python\.Greet: INFO +greeting ada$/m);
  });

  it('hands what the action prints over as execution output chunks, stdout and stderr apart', async () => {
    const execution = await run('plain', { name: 'grace' });
    const chunks = await engine.store.listExecutionOutput(execution.id);
    const text = (type: string): string =>
      chunks
        .filter((chunk) => chunk.output_type === type)
        .map((chunk) => chunk.data)
        .join('');
    expect(text('stdout')).toBe('hello grace\n');
    expect(text('stderr')).toMatch(/greeting grace/);
  });

  it('takes the status from a (bool, value) tuple and refuses a 2-tuple without a bool', async () => {
    const ok = await run('pair', { ok: true });
    expect(ok.status).toBe('succeeded');
    expect(result(ok)['result']).toEqual({ ok: true });
    const failed = await run('pair', { ok: false });
    expect(failed.status).toBe('failed');
    expect(result(failed)).toMatchObject({ exit_code: 0, result: { ok: false } });
    const refused = await run('bad_pair');
    expect(refused.status).toBe('failed');
    expect(result(refused)['exit_code']).toBe(220);
    expect(refused.error).toContain('must either be True or False, got: 1');
  });

  it('fails on an exception with the traceback on stderr and result "None"', async () => {
    const execution = await run('raises');
    expect(execution.status).toBe('failed');
    expect(result(execution)).toMatchObject({ exit_code: 1, result: 'None', stdout: 'before the error\n' });
    expect(result(execution)['stderr']).toContain('Traceback (most recent call last)');
    expect(result(execution)['stderr']).toContain('ValueError: boom from python');
    expect(execution.error).toBe('ValueError: boom from python');
  });

  it('hands the pack config, with its schema defaults, as self.config; a missing key says where to add it', async () => {
    expect(result(await run('config', { key: 'region' }))['result']).toBe('eu-west-1');
    expect(result(await run('config', { key: 'api_url' }))['result']).toBe('https://api.example.com');
    const missing = await run('config', { key: 'token' });
    expect(missing.status).toBe('failed');
    expect(result(missing)['stderr']).toContain('Config for pack "pyt" is missing key "token"');
  });

  it('writes the datastore through action_service: local keys are <pack>.<Class>:name, visible to the next rule at once', async () => {
    const execution = await run('setter', { value: 'from-python' });
    expect(execution.status).toBe('succeeded');
    expect(result(execution)['result']).toEqual({ local: '1', names: ['pyt.Setter:counter'], missing: null });
    expect((await engine.datastore.get('system', 'pyt.Setter:counter'))?.value).toBe('1');
    await engine.idle();
    const echoes = await engine.store.listExecutions({ action: 'pyt.echo', limit: 10 });
    expect(echoes.map((echo) => (echo.result as Record<string, unknown>)['result'])).toContain('from-python');
  });

  it('refuses an st2common module it does not provide with a message naming it', async () => {
    const execution = await run('missing_import');
    expect(execution.status).toBe('failed');
    const stderr = String(result(execution)['stderr']);
    expect(stderr).toContain("No module named 'st2common.services'");
    expect(stderr).toContain('Provided: st2common.runners.base_action');
  });

  it('never lets SQUALL_* variables reach Python; env and ST2_ACTION_* do, for one execution only', async () => {
    const requested = await engine.run({ action: 'pyt.environment', parameters: { env: { EXTRA: 'yes' } } });
    const first = await engine.waitForExecution(requested.id, { timeoutMs: 25_000 });
    expect(result(first)['result']).toMatchObject({ squall: [], action: 'pyt.environment', extra: 'yes' });
    const second = result(await run('environment'))['result'] as Record<string, unknown>;
    expect(second['extra']).toBeNull();
    expect(second['pid']).toBe((result(first)['result'] as Record<string, unknown>)['pid']);
  });

  it('runs packs written for older StackStorm: st2actions.runners.pythonrunner, Action(config), six', async () => {
    const execution = await run('legacy', { items: ['a', 'b'] });
    expect(execution.status).toBe('succeeded');
    expect(result(execution)['result']).toBe('0=a;1=b;');
  });

  it('runs one execution at a time per worker, and never two packs in one worker', async () => {
    const pidOf = async (action: string, parameters: Record<string, string> = {}): Promise<number> => {
      const requested = await engine.run({ action, parameters });
      const done = await engine.waitForExecution(requested.id, { timeoutMs: 25_000 });
      return (done.result as { result: number }).result;
    };
    const [a, b] = ['a', 'b'].map((name) => path.join(home.home, `meet-${name}`));
    const [first, second] = await Promise.all([
      pidOf('pyt.pid', { mine: a ?? '', theirs: b ?? '' }),
      pidOf('pyt.pid', { mine: b ?? '', theirs: a ?? '' }),
    ]);
    expect(first).not.toBe(second);
    const reused = await pidOf('pyt.pid');
    expect([first, second]).toContain(reused);
    const other = await pidOf('other.pid');
    expect([first, second]).not.toContain(other);
  });

  it('reads the pack’s code afresh for every execution in a warm worker', async () => {
    expect(result(await run('version'))['result']).toBe('v1');
    const file = path.join(home.home, 'packs/pyt/actions/version.py');
    await writeFile(file, (await readFile(file, 'utf8')).replace('"v1"', '"v2"'));
    expect(result(await run('version'))['result']).toBe('v2');
  });

  it('kills the whole process group on timeout; the next execution gets a fresh worker', async () => {
    const pidfile = path.join(home.home, 'sleeper.pid');
    const execution = await run('sleeper', { pidfile });
    expect(execution.status).toBe('timeout');
    expect(result(execution)).toMatchObject({ exit_code: -9, result: 'None' });
    expect(result(execution)['error']).toBe('Action failed to complete in 1 seconds');
    const [child, worker] = (await readFile(pidfile, 'utf8')).split(' ').map(Number);
    await expect.poll(() => isAlive(child ?? 0) || isAlive(worker ?? 0), { timeout: 10_000 }).toBe(false);
    const after = result(await run('environment'))['result'] as Record<string, unknown>;
    expect(after['pid']).not.toBe(worker);
  });

  it('reports a worker that dies mid-run by its exit code and replaces it', async () => {
    const crashed = await run('crash');
    expect(crashed.status).toBe('failed');
    expect(result(crashed)).toMatchObject({ exit_code: 7, result: 'None' });
    const exited = await run('exits');
    expect(exited.status).toBe('failed');
    expect(result(exited)['exit_code']).toBe(3);
    expect((await run('plain', { name: 'again' })).status).toBe('succeeded');
  });
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
