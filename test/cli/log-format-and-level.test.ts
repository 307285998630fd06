import { afterEach, describe, expect, it } from 'vitest';

import { createTempHome, type TempHome } from '../api/helpers/temp-home.js';
import { chooseLogFormat } from '../../src/common/logger.js';
import { squall } from './helpers/capture-io.js';
import { startServer, stopServer, type Server } from './helpers/start-server.js';

const lines = (text: string): string[] => text.split('\n').filter((line) => line !== '');

// Each test starts `squall start` from source in its own process, which startServer allows 120 s
// (compiling from source on a loaded machine): the test allows that and the stop.
describe('squall start logs', { timeout: 180_000 }, () => {
  const homes: TempHome[] = [];
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map(stopServer));
    await Promise.all(homes.splice(0).map((home) => home.remove()));
  });
  const start = async (args: string[], env: NodeJS.ProcessEnv = {}): Promise<Server> => {
    const home = await createTempHome();
    homes.push(home);
    const server = await startServer(home.dir, { args, env });
    servers.push(server);
    return server;
  };

  it('writes JSON lines when stderr is not a terminal, and one readable line an event with --log-format pretty', async () => {
    const [json, pretty] = await Promise.all([start([]), start(['--log-format', 'pretty'])]);
    await expect.poll(() => json.stderr()).toContain('squall API listening');
    for (const line of lines(json.stderr())) expect(() => JSON.parse(line) as unknown).not.toThrow();
    expect(lines(json.stderr()).map((line) => JSON.parse(line) as { msg: string })).toContainEqual(
      expect.objectContaining({ level: 30, msg: expect.stringMatching(/^squall API listening on http/) }),
    );

    await expect.poll(() => pretty.stderr()).toContain('squall API listening');
    const listening = lines(pretty.stderr()).find((line) => line.includes('squall API listening'));
    expect(listening).toMatch(
      /^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}\] INFO: squall API listening on http\S+ \{.*"home":/,
    );
    // Not a terminal here: no colours; every event on one line, none of them JSON.
    expect(pretty.stderr()).not.toContain('\u001b[');
    for (const line of lines(pretty.stderr())) {
      expect(line).toMatch(/^\[\d{4}-/);
      expect(() => JSON.parse(line) as unknown).toThrow();
    }
  });

  it('logs only from --log-level up, over SQUALL_LOG_LEVEL', async () => {
    const server = await start(['--log-level', 'warn'], { SQUALL_LOG_LEVEL: 'debug' });
    expect(await stopServer(server)).toBe(0);
    expect(server.stderr()).not.toContain('squall API listening');
    for (const line of lines(server.stderr()))
      expect((JSON.parse(line) as { level: number }).level).toBeGreaterThanOrEqual(40);
  });

  it('refuses an unknown format or level (exit 2) and picks pretty on a terminal', async () => {
    const home = await createTempHome();
    homes.push(home);
    const format = await squall(['start', '--home', home.dir, '--log-format', 'xml']);
    expect(format.code).toBe(2);
    expect(format.stderr).toMatch(/Allowed choices are json, pretty/);
    const level = await squall(['start', '--home', home.dir, '--log-level', 'loud']);
    expect(level.code).toBe(2);
    expect(chooseLogFormat(undefined, true)).toBe('pretty');
    expect(chooseLogFormat(undefined, false)).toBe('json');
    expect(chooseLogFormat('json', true)).toBe('json');
    expect(() => chooseLogFormat('yaml', false)).toThrow(/log format must be json or pretty/);
  });
});
