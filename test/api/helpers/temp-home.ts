import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface TempHome {
  dir: string;
  write(relative: string, text: string): Promise<void>;
  remove(): Promise<void>;
}

/** An empty Squall home in a temp folder. */
export async function createTempHome(): Promise<TempHome> {
  const dir = await mkdtemp(path.join(tmpdir(), 'squall-home-'));
  return {
    dir,
    async write(relative, text) {
      const file = path.join(dir, relative);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, text);
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

/**
 * A home with a `demo` pack: an action with a secret parameter, a rule on the action trigger, and a
 * rule file that does not validate (a load issue).
 */
export async function createDemoHome(): Promise<TempHome> {
  const home = await createTempHome();
  await home.write(
    'packs/demo/pack.yaml',
    'name: demo\ndescription: test pack\nversion: 1.0.0\nauthor: tests\n',
  );
  await home.write(
    'packs/demo/actions/secret_echo.yaml',
    [
      'name: secret_echo',
      'runner_type: local-shell-cmd',
      'description: Echo without showing the token.',
      'enabled: true',
      'parameters:',
      '  token: {type: string, secret: true, required: true}',
      '  cmd: {type: string, default: "echo done", immutable: true}',
      '',
    ].join('\n'),
  );
  await home.write(
    'packs/demo/rules/on_failure.yaml',
    [
      'name: on_failure',
      'pack: demo',
      'description: React to failed executions.',
      'enabled: true',
      'trigger: {type: core.st2.generic.actiontrigger}',
      'criteria:',
      '  trigger.status: {type: equals, pattern: failed}',
      '  trigger.action_ref: {type: startswith, pattern: "demo."}',
      'action:',
      '  ref: core.local',
      '  parameters:',
      '    cmd: "echo {{ trigger.action_ref }} failed, see {{ st2kv.system.runbook_url }}"',
      '',
    ].join('\n'),
  );
  await home.write('packs/demo/rules/broken.yaml', 'name: broken\npack: demo\nenabled: true\ncriteria: {}\n');
  return home;
}
