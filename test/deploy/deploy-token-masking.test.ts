import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { createApiServer } from '../../src/api/server.js';
import { squall } from '../cli/helpers/capture-io.js';
import { startChatSink, type ChatSink } from './support/chat-sink.js';
import { makeDeployHome, type DeployHome } from './support/deploy-home.js';
import { makePackRepo, writeSayPack, type PackRepo } from './support/git-repo.js';
import { waitFor } from './support/wait-for.js';

const TOKEN = 'ghp_s3cr3tT0kenValue42';

/** Every row of every table of the home's store, as text. */
async function storeText(home: string): Promise<string> {
  const db = new Database(path.join(home, 'data', 'squall.db'), { readonly: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as {
      name: string;
    }[];
    return tables.map((t) => JSON.stringify(db.prepare(`SELECT * FROM ${t.name}`).all())).join('\n');
  } finally {
    db.close();
  }
}

describe('a token in a repository URL', () => {
  let repo: PackRepo;
  let home: DeployHome;
  let chat: ChatSink;
  beforeEach(async () => {
    repo = await makePackRepo();
    await writeSayPack(repo, 'alpha', 'v1');
    repo.commit('alpha');
    chat = await startChatSink();
    home = await makeDeployHome(['core', 'packs', 'chatops']);
    await home.temp.write(
      'squall.yaml',
      `chatops:\n  webhook:\n    outgoing_url: ${chat.url}\n    token: chat-token\n`,
    );
    await home.temp.write(
      'configs/packs.yaml',
      'repositories:\n' +
        `  private:\n    repo: "https://${TOKEN}@127.0.0.1:1/ops/private.git"\n    subtree: true\n` +
        '    auto_deployment: { branch: master, notify_channel: ops }\n' +
        `  leaky:\n    repo: "${repo.url}"\n    subtree: true\n    test: "echo cloning https://x:${TOKEN}@host/r.git with ${TOKEN}; exit 1"\n` +
        '    auto_deployment: { branch: master, notify_channel: ops }\n',
    );
  });
  afterEach(async () => {
    await home.cleanup();
    await chat.close();
    await repo.cleanup();
  });

  it('never appears in results, errors, logs, the store, the API, the CLI or chat', async () => {
    const engine = await home.start();
    const failed = await home.run('packs.deploy', { repo_name: 'private' });
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/git clone of https:\/\/\*{8}@127\.0\.0\.1:1\/ops\/private\.git failed/);
    const leaky = await home.run('packs.deploy', { repo_name: 'leaky' });
    expect(leaky.status).toBe('failed');
    expect(JSON.stringify(leaky.result)).toContain('cloning https://********@host/r.git with ********');
    await waitFor('two chat messages', async () => (chat.messages.length >= 2 ? true : undefined));

    const server = await createApiServer(engine, { host: '127.0.0.1', port: 0 });
    const api = await Promise.all(
      ['/deployments', '/deployments/status', `/executions/${failed.id}`, `/executions/${leaky.id}`].map(
        async (route) => (await fetch(`${server.url}/api/v1${route}`)).text(),
      ),
    );
    await server.close();
    await home.stop();

    const cliRun = await squall(['run', 'packs.deploy', 'repo_name=private', '--home', home.temp.home]);
    const cliDeploy = await squall(['deploy', 'private', '--branch', 'master', '--home', home.temp.home]);
    const cliStatus = await squall(['deploy', 'history', 'alpha', '--home', home.temp.home, '--json']);
    expect(cliRun.code).toBe(1);
    expect(cliDeploy.code).toBe(1);
    expect(cliDeploy.stdout).toContain('https://********@127.0.0.1:1/ops/private.git');

    const dataFiles = await readdir(path.join(home.temp.home, 'data'));
    const raw = await Promise.all(
      dataFiles
        .filter((f) => f.startsWith('squall.db'))
        .map((f) => readFile(path.join(home.temp.home, 'data', f), 'latin1')),
    );
    const everything = [
      JSON.stringify(failed),
      JSON.stringify(leaky),
      home.logs.join(''),
      await storeText(home.temp.home),
      raw.join(''),
      ...api,
      JSON.stringify(chat.messages),
      ...[cliRun, cliDeploy, cliStatus].flatMap((run) => [run.stdout, run.stderr]),
    ].join('\n');
    expect(everything).toContain('********');
    expect(everything).not.toContain(TOKEN);
    expect(chat.messages.length).toBe(4);
    expect(new Set(chat.messages.map((m) => m.channel))).toEqual(new Set(['ops']));
  });
});
