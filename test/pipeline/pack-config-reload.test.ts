import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { createEngine, type Engine } from '../../src/engine/create-engine.js';
import { silentLogger } from '../../src/common/logger.js';
import { makeTempHome, packYaml, type TempHome } from '../support/temp-home.js';

const SCHEMA = `greeting:
  type: string
  default: hello
  description: How to greet.
`;

const ACTION = `name: greet
runner_type: local-shell-cmd
parameters:
  cmd:
    type: string
    immutable: true
    default: echo "{{ config_context.greeting }}"
`;

describe('a pack config change takes effect without a restart', () => {
  let temp: TempHome;
  let engine: Engine;

  beforeEach(async () => {
    temp = await makeTempHome();
    await temp.write('packs/demo/pack.yaml', packYaml('demo'));
    await temp.write('packs/demo/config.schema.yaml', SCHEMA);
    await temp.write('packs/demo/actions/greet.yaml', ACTION);
    engine = await createEngine({
      home: temp.home,
      bundledPacksDirs: [temp.bundled],
      logger: silentLogger(),
      sensors: false,
      watch: true,
    });
  });

  afterEach(async () => {
    await engine.stop();
    await temp.cleanup();
  });

  const greet = async (): Promise<string> => {
    const requested = await engine.run({ action: 'demo.greet' });
    const done = await engine.waitForExecution(requested.id, { timeoutMs: 10_000 });
    expect(done.status).toBe('succeeded');
    return done.stdout.trim();
  };

  it('uses the schema default, then the value written to configs/<pack>.yaml', async () => {
    expect(await greet()).toBe('hello');
    const before = engine.snapshot().version;
    await temp.write('configs/demo.yaml', 'greeting: bonjour $(id)\n');
    const deadline = Date.now() + 3000;
    while (engine.snapshot().version === before && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(await greet()).toBe('bonjour $(id)');
  });

  it('fails an execution clearly when the config does not match its schema', async () => {
    await temp.write('configs/demo.yaml', 'greeting: [not, a, string]\n');
    await engine.reload();
    await expect(engine.run({ action: 'demo.greet' })).rejects.toThrow(/greeting/);
  });
});
