import { chmod, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { silentLogger } from '../../src/common/logger.js';
import { createEngine } from '../../src/engine/create-engine.js';
import { squall } from '../cli/helpers/capture-io.js';
import { makeGitRepo, packYamlText, echoAction, type GitFixture } from '../packs/support/git-repo.js';
import { startHttpsGitServer, type HttpsGitServer } from '../support/https-git-server.js';
import { makeTempHome } from '../support/temp-home.js';

const TOKEN = 'ghp_squallTestToken0123456789';

/** Every file under `dir` (the store's database and its WAL included) that holds `needle`. */
async function filesHolding(dir: string, needle: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    if ((await readFile(file)).includes(needle)) found.push(file);
  }
  return found;
}

describe('repository tokens never reach a command line or the store in clear', () => {
  let repo: GitFixture;
  let server: HttpsGitServer;
  let bin: string;
  let argvLog: string;
  const saved = { PATH: process.env['PATH'], GIT_SSL_CAINFO: process.env['GIT_SSL_CAINFO'] };

  beforeEach(async () => {
    repo = await makeGitRepo();
    await repo.write('pack.yaml', packYamlText('private'));
    await repo.write('actions/hello.yaml', echoAction('hello', 'hi'));
    repo.commit('a private pack');
    const bare = new URL(repo.url).pathname;
    server = await startHttpsGitServer(path.dirname(bare), 'deploy', TOKEN);
    // Every git command Squall runs goes through this wrapper, which records its argv as ps shows it.
    bin = await mkdtemp(path.join(tmpdir(), 'squall-gitwrap-'));
    argvLog = path.join(bin, 'argv.log');
    await writeFile(
      path.join(bin, 'git'),
      `#!/bin/sh\nprintf '%s\\n' "$*" >> '${argvLog}'\nexec /usr/bin/git "$@"\n`,
    );
    await chmod(path.join(bin, 'git'), 0o755);
    await writeFile(argvLog, '');
    process.env['PATH'] = `${bin}:${saved.PATH ?? ''}`;
    process.env['GIT_SSL_CAINFO'] = server.caFile;
  });
  afterEach(async () => {
    process.env['PATH'] = saved.PATH;
    if (saved.GIT_SSL_CAINFO === undefined) delete process.env['GIT_SSL_CAINFO'];
    else process.env['GIT_SSL_CAINFO'] = saved.GIT_SSL_CAINFO;
    await server.close();
    await repo.cleanup();
    await rm(bin, { recursive: true, force: true });
  });

  const urlWithToken = (): string =>
    `${server.origin.replace('https://', `https://deploy:${TOKEN}@`)}/${path.basename(new URL(repo.url).pathname)}`;

  it('squall pack install authenticates through a credential helper; the token is in no argv and no file of the home', async () => {
    const home = await mkdtemp(path.join(tmpdir(), 'squall-cred-home-'));
    try {
      const installed = await squall(['pack', 'install', urlWithToken(), '--home', home]);
      expect(installed.stderr).not.toContain(TOKEN);
      expect(installed.code).toBe(0);
      expect(server.refused()).toBeGreaterThan(0);
      const argv = await readFile(argvLog, 'utf8');
      expect(argv).toMatch(/^clone /m);
      expect(argv).not.toContain(TOKEN);
      expect(await filesHolding(home, TOKEN)).toEqual([]);
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  });

  it('packs.install through the engine stores the URL masked and the token only encrypted', async () => {
    const temp = await makeTempHome(['core', 'packs']);
    const engine = await createEngine({
      ...{ home: temp.home, bundledPacksDirs: [temp.bundled], logger: silentLogger() },
      sensors: false,
    });
    try {
      const requested = await engine.run({
        action: 'packs.install',
        parameters: { packs: [urlWithToken()] },
      });
      const final = await engine.waitForExecution(requested.id, { timeoutMs: 60_000 });
      expect(final.status).toBe('succeeded');
      expect(final.parameters['packs']).toEqual([expect.stringContaining('https://********@127.0.0.1')]);
      expect(final.secret_parameters).not.toBeNull();
      expect(JSON.stringify(final)).not.toContain(TOKEN);
      expect(await readFile(argvLog, 'utf8')).not.toContain(TOKEN);
      await engine.stop();
      expect(await filesHolding(temp.home, TOKEN)).toEqual([]);
    } finally {
      await engine.stop();
      await temp.cleanup();
    }
  });
});
