import { beforeEach, describe, expect, it } from 'vitest';

import { useTempEngine } from '../support/temp-engine.js';

describe('values typed by people are rendered as templates only when asked', () => {
  const current = useTempEngine();

  beforeEach(async () => {
    await current.engine.datastore.set('system', 'token', 'tok-123456', { secret: true });
    await current.engine.datastore.set('system', 'region', 'eu-west-1');
  });

  const echo = async (message: string, renderTemplates: boolean): Promise<string> => {
    const requested = await current.engine.run({
      action: 'core.echo',
      parameters: { message },
      renderTemplates,
    });
    const done = await current.engine.waitForExecution(requested.id, { timeoutMs: 10_000 });
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
