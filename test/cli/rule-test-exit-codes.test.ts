import { existsSync } from 'node:fs';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createDemoHome, type TempHome } from '../api/helpers/temp-home.js';
import { squall } from './helpers/capture-io.js';

interface Report {
  rule: string;
  line?: number;
  matched: boolean;
  criteria: { key: string; passed: boolean; value?: unknown }[];
  parameters?: Record<string, unknown>;
  kv_references: string[];
  notes: string[];
}

const RULE = [
  'name: deploy_on_push',
  'pack: default',
  'enabled: true',
  'trigger: {type: core.st2.webhook, parameters: {url: git}}',
  'criteria:',
  '  trigger.body.ref: {type: equals, pattern: refs/heads/main}',
  '  trigger.body.commits: {type: gt, pattern: 0}',
  'action:',
  '  ref: core.local',
  '  parameters:',
  '    cmd: "deploy {{ trigger.body.ref }}"',
  '',
].join('\n');

describe('squall rule test', () => {
  let home: TempHome;
  const test = (...args: string[]) =>
    squall(['rule', 'test', ...args, '--home', home.dir], { cwd: home.dir });

  beforeAll(async () => {
    home = await createDemoHome();
    await home.write('deploy.yaml', RULE);
    await home.write('invalid.yaml', 'name: bad\nenabled: true\naction: {ref: core.local}\nbogus_field: 1\n');
    await home.write(
      'payloads.jsonl',
      '{"body":{"ref":"refs/heads/main","commits":2}}\n\n{"body":{"ref":"refs/heads/dev"}}\n',
    );
    await home.write('matching.jsonl', '{"body":{"ref":"refs/heads/main","commits":1}}\n');
    await home.write('instance.json', JSON.stringify({ trigger: 'core.st2.IntervalTimer', payload: {} }));
  });
  afterAll(async () => {
    await home.remove();
  });

  it('exits 0 on a match, showing each criterion and the rendered parameters', async () => {
    const run = await test('deploy.yaml', '--payload', '{"body":{"ref":"refs/heads/main","commits":3}}');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('✔ rule default.deploy_on_push matches');
    expect(run.stdout).toContain('✔ trigger.body.ref equals "refs/heads/main" → "refs/heads/main"');
    expect(run.stdout).toMatch(/^ {2}cmd: deploy 'refs\/heads\/main'$/m);
  });

  it('exits 1 without a match, naming the failing criterion', async () => {
    const run = await test(
      'deploy.yaml',
      '--payload',
      '{"body":{"ref":"refs/heads/dev","commits":3}}',
      '--json',
    );
    expect(run.code).toBe(1);
    const report = run.json<Report>();
    expect(report.matched).toBe(false);
    expect(report.criteria).toEqual([
      expect.objectContaining({ key: 'trigger.body.ref', passed: false, value: 'refs/heads/dev' }),
    ]);
    expect(report).not.toHaveProperty('parameters');
  });

  it('exits 2 for an invalid rule, a missing rule or bad payload input', async () => {
    expect((await test('invalid.yaml', '--payload', '{}')).code).toBe(2);
    expect((await test('default.no_such_rule', '--payload', '{}')).code).toBe(2);
    expect((await test('deploy.yaml', '--payload', '{not json')).code).toBe(2);
    expect((await test('deploy.yaml')).code).toBe(2);
    expect((await test('deploy.yaml', '--payload', '{}', '--payloads', 'payloads.jsonl')).code).toBe(2);
  });

  it('--payloads prints one JSON line per payload; exit 0 only when all match', async () => {
    const run = await test('deploy.yaml', '--payloads', 'payloads.jsonl');
    expect(run.code).toBe(1);
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Report);
    expect(lines.map((report) => [report.line, report.matched])).toEqual([
      [1, true],
      [3, false],
    ]);
    expect(lines[0]?.parameters).toMatchObject({ cmd: "deploy 'refs/heads/main'" });
    expect((await test('deploy.yaml', '--payloads', 'matching.jsonl')).code).toBe(0);
  });

  it('tests a loaded rule by ref and says when it reads the datastore it does not open', async () => {
    const payload = JSON.stringify({ status: 'failed', action_ref: 'demo.secret_echo', execution_id: 'e1' });
    const run = await test('demo.on_failure', '--payload', payload, '--json');
    expect(run.code).toBe(0);
    const report = run.json<Report>();
    expect(report.parameters).toMatchObject({ cmd: "echo 'demo.secret_echo' failed, see ''" });
    expect(report.kv_references).toEqual(['st2kv.system.runbook_url']);
    expect(report.notes.join('\n')).toContain('does not read the datastore');
    expect(existsSync(path.join(home.dir, 'data')), 'rule test must not open the store').toBe(false);
  });

  it('does not match a trigger instance of another trigger type', async () => {
    const run = await test('deploy.yaml', '--trigger-instance', 'instance.json', '--json');
    expect(run.code).toBe(1);
    expect(run.json<Report>().notes).toEqual([
      'the trigger instance is a core.st2.IntervalTimer, but the rule listens to core.st2.webhook',
    ]);
  });
});
