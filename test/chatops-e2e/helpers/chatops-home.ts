import { createApiServer, type ApiServer } from '../../../src/api/server.js';
import { createEngine, type Engine } from '../../../src/engine/create-engine.js';
import { silentLogger } from '../../../src/common/logger.js';
import { makeTempHome, packYaml, type TempHome } from '../../support/temp-home.js';
import { startChatPeer, type ChatPeer } from './chat-peer.js';

export const WEBHOOK_TOKEN = 'peer-token-1234';
/** A datastore secret and a credential inside a URL that chat must never show. */
export const DATASTORE_SECRET = 'S3cr3t-Value-42';
export const URL_TOKEN = 'ghp-url-token-987';

/**
 * The `ops` pack: aliases covering plain runs, allowed users, confirmation, two aliases that
 * overlap, and one whose output carries a datastore secret and a tokenised URL.
 */
export const OPS_ALIASES: Record<string, string> = {
  'run.yaml': `name: run
action_ref: core.local
description: Run a shell command
formats:
  - "run {{ cmd }}"
ack:
  format: "On it, {{ execution.parameters.cmd }} ({{ actionalias.ref }})"
  append_url: false
`,
  'secret_report.yaml': `name: secret_report
action_ref: core.local
description: Show the deploy credentials (they must be masked)
formats:
  - "show credentials"
immutable_parameters:
  cmd: "echo token={{ st2kv.system.api_token | decrypt_kv }} remote=https://deploy:${URL_TOKEN}@git.example.com/repo.git"
`,
  'restricted.yaml': `name: restricted
action_ref: core.echo
description: Only alice may reboot
allowed_users: [alice]
formats:
  - "reboot {{ message }}"
`,
  'dangerous.yaml': `name: dangerous
action_ref: core.local
description: Wipe a cache, after confirmation
confirm: true
formats:
  - "wipe the cache"
immutable_parameters:
  cmd: "echo wiped"
`,
  'status_a.yaml': `name: status_a
action_ref: core.noop
formats:
  - "status {{ service }}"
`,
  'status_b.yaml': `name: status_b
action_ref: core.noop
formats:
  - "status {{ service }} now"
  - "status {{ service }}"
`,
};

export interface ChatopsWorld {
  home: TempHome;
  peer: ChatPeer;
  engine: Engine;
  server: ApiServer;
  close(): Promise<void>;
}

/** Writes the ops pack and squall.yaml (webhook adapter towards the peer) into a temp home. */
export async function writeOpsHome(home: TempHome, peerUrl: string): Promise<void> {
  await home.write('packs/ops/pack.yaml', packYaml('ops'));
  for (const [file, text] of Object.entries(OPS_ALIASES)) await home.write(`packs/ops/aliases/${file}`, text);
  await home.write(
    'squall.yaml',
    `chatops:\n  webhook:\n    outgoing_url: ${peerUrl}\n    token: ${WEBHOOK_TOKEN}\n  public_url: http://squall.example.com\n`,
  );
}

/** A real engine and API server on 127.0.0.1, chatting with a real local peer. */
export async function startChatopsWorld(
  extra: (home: TempHome) => Promise<void> = async () => {},
): Promise<ChatopsWorld> {
  const home = await makeTempHome(['core', 'chatops']);
  const peer = await startChatPeer();
  await writeOpsHome(home, peer.url);
  await extra(home);
  const engine = await createEngine({
    home: home.home,
    bundledPacksDirs: [home.bundled],
    logger: silentLogger(),
    chatAdapters: true,
  });
  await engine.datastore.set('system', 'api_token', DATASTORE_SECRET, { secret: true });
  await engine.datastore.set('system', 'plain', 'rendered-plain-value');
  const server = await createApiServer(engine, { host: '127.0.0.1', port: 0 });
  return {
    home,
    peer,
    engine,
    server,
    async close() {
      await server.close();
      await engine.stop();
      await peer.close();
      await home.cleanup();
    },
  };
}
