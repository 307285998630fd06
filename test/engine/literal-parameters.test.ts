import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { createEngine, type Engine } from '../../src/engine/create-engine.js';
import { silentLogger } from '../../src/logger.js';
import { makeTempHome, type TempHome } from '../support/temp-home.js';

describe('values typed by people are rendered as templates only when asked', () => {
  let temp: TempHome;
  let engine: Engine;

  beforeEach(async () => {
    temp = await makeTempHome();
    engine = await createEngine({
      home: temp.home,
      bundledPacksDirs: [temp.bundled],
      logger: silentLogger(),
      sensors: false,
    });
    await engine.datastore.set('system', 'token', 'tok-123456', { secret: true });
    await engine.datastore.set('system', 'region', 'eu-west-1');
  });

  afterEach(async () => {
    await engine.stop();
    await temp.cleanup();
  });

  const echo = async (message: string, renderTemplates: boolean): Promise<string> => {
    const requested = await engine.run({ action: 'core.echo', parameters: { message }, renderTemplates });
    const done = await engine.waitForExecution(requested.id, { timeoutMs: 10_000 });
    expect(done.status).toBe('succeeded');
    return done.stdout.trim();
  };

  it('renders an API or CLI value with the datastore, as StackStorm does', async () => {
    expect(await echo('region {{ st2kv.system.region }}', true)).toBe('region eu-west-1');
  });

  it('passes a literal value through untouched, still rendering the action defaults around it', async () => {
    const typed = '{{ st2kv.system.token | decrypt_kv }} $(id)';
    expect(await echo(typed, false)).toBe(typed);
  });
});
