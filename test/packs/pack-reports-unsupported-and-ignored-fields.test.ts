import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { squall } from '../cli/helpers/capture-io.js';
import { makeGitRepo, type GitFixture } from './support/git-repo.js';

// The Exchange twitter pack's metadata as StackStorm's tutorial installs it (payload_info included),
// with a node sensor instead of its Python one so no virtualenv is built.
const PACK = `---
ref: birds
name : birds
description : Monitor and send Tweets
keywords: [twitter]
version: 1.0.0
python_versions:
  - "3"
author : StackStorm, Inc.
email : info@stackstorm.com
license: Apache-2.0
`;
const SENSOR = `---
  class_name: "SearchSensor"
  entry_point: "search_sensor.js"
  poll_interval: 30
  trigger_types:
    -
      name: "matched_tweet"
      description: "Trigger which represents a matching tweet"
      payload_info:
        - "id"
        - "text"
`;
const WIN_ACTION = 'name: reboot\nrunner_type: winrm-cmd\n';
const SHELL_ACTION = 'name: say\nrunner_type: local-shell-cmd\nparameters:\n  cmd:\n    default: echo hi\n';
const RUBY_SENSOR = 'class_name: RubySensor\nentry_point: ruby_sensor.rb\n';
const RULE = (name: string, action: string) => `name: ${name}
enabled: true
trigger:
  type: birds.matched_tweet
action:
  ref: ${action}
`;

interface PackJson {
  content: {
    actions: number;
    sensors: number;
    rules: number;
    unsupported: Record<'actions' | 'sensors' | 'rules', { ref: string; reason: string }[]>;
  };
  issues: { severity: string; file: string; message: string; code: string }[];
}

describe('pack install and pack get report what is unsupported and which StackStorm fields are ignored', () => {
  let repo: GitFixture;
  let home: string;
  beforeEach(async () => {
    repo = await makeGitRepo();
    home = await mkdtemp(path.join(tmpdir(), 'squall-cli-home-'));
    await repo.write('pack.yaml', PACK);
    await repo.write('sensors/search_sensor.yaml', SENSOR);
    await repo.write('sensors/search_sensor.js', 'export default class {}\n');
    await repo.write('sensors/ruby_sensor.yaml', RUBY_SENSOR);
    await repo.write('actions/reboot.yaml', WIN_ACTION);
    await repo.write('actions/say.yaml', SHELL_ACTION);
    await repo.write('rules/reboot_on_tweet.yaml', RULE('reboot_on_tweet', 'birds.reboot'));
    await repo.write('rules/say_on_tweet.yaml', RULE('say_on_tweet', 'birds.say'));
    repo.commit('birds');
  });
  afterEach(async () => {
    await repo.cleanup();
    await rm(home, { recursive: true, force: true });
  });

  it('installs a pack with payload_info, printing counts, reasons and each warning once', async () => {
    const installed = await squall(['pack', 'install', repo.url, '--home', home]);
    expect(installed.code, installed.stderr).toBe(0);
    expect(installed.stdout).toContain(
      '2 actions (1 unsupported), 2 sensors (1 unsupported), 2 rules (1 unsupported)',
    );
    expect(installed.stdout).toContain('action birds.reboot: WinRM runners are not supported by Squall');
    expect(installed.stdout).toContain('sensor birds.RubySensor: entry point ruby_sensor.rb is not');
    expect(installed.stdout).toContain('rule birds.reboot_on_tweet: runs birds.reboot, which cannot run');
    const sensorFile = path.join(home, 'packs', 'birds', 'sensors', 'search_sensor.yaml');
    const warning = installed.stdout.split('\n').find((line) => line.includes('payload_info'));
    expect(warning).toContain(`warning sensor ${sensorFile}:9: field "payload_info" of trigger type`);
    expect(warning?.split(sensorFile)).toHaveLength(2);
    expect(installed.stdout).toMatch(/pack\.yaml:11: unknown field "license" in pack\.yaml is ignored/);

    const got = await squall(['pack', 'get', 'birds', '--json', '--home', home]);
    const pack = got.json<PackJson>();
    expect(pack.content).toMatchObject({ actions: 2, sensors: 2, rules: 2 });
    expect(pack.content.unsupported.actions).toEqual([
      { ref: 'birds.reboot', file: expect.stringContaining('reboot.yaml'), reason: expect.any(String) },
    ]);
    expect(pack.content.unsupported.sensors.map((item) => item.ref)).toEqual(['birds.RubySensor']);
    expect(pack.content.unsupported.rules.map((item) => item.ref)).toEqual(['birds.reboot_on_tweet']);
    expect(pack.issues.filter((issue) => issue.code === 'W_IGNORED_FIELD')).toHaveLength(2);
    expect(pack.issues.every((issue) => issue.severity === 'warning')).toBe(true);

    const human = await squall(['pack', 'get', 'birds', '--home', home]);
    expect(human.stdout).toMatch(/^content: +2 actions \(1 unsupported\), 2 sensors \(1 unsupported\)/m);
    expect(human.stdout).toMatch(/^unsupported:$/m);
  });

  it('still refuses a misspelt field with a did-you-mean, naming the file once', async () => {
    await repo.write('sensors/search_sensor.yaml', SENSOR.replace('description:', 'descripton:'));
    repo.commit('typo');
    const refused = await squall(['pack', 'install', repo.url, '--home', home]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain(
      'birds/sensors/search_sensor.yaml:8: unknown field "descripton" in trigger type (did you mean "description"?)',
    );
    expect(refused.stderr.split('birds/sensors/search_sensor.yaml')).toHaveLength(2);
  });
});
