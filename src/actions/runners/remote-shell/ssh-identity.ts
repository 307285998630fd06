import { access, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';

export interface SshIdentity {
  /** The key file ssh uses (-i); none: ssh's own defaults and agent. */
  file?: string;
  cleanup(): Promise<void>;
}

/** st2 tells key material from a path by this text (REMOTE_RUNNER_PRIVATE_KEY_HEADER). */
const KEY_HEADER = 'private key-----';

/**
 * The private key for a run: `private_key` as key material (written to a file only this user can
 * read, deleted after the run) or as a path; else squall.yaml's ssh.private_key_file; else ssh's
 * defaults. The key usually comes from the pack config or the datastore through the action's
 * parameters (`{{ config_context.ssh_key }}`, `{{ st2kv.system.ssh_key | decrypt_kv }}`).
 */
export async function sshIdentity(
  privateKey: unknown,
  configuredFile: string | undefined,
): Promise<SshIdentity | { error: string }> {
  const none = { cleanup: async () => undefined };
  if (typeof privateKey === 'string' && privateKey.trim() !== '') {
    if (privateKey.toLowerCase().includes(KEY_HEADER)) {
      const dir = await mkdtemp(path.join(tmpdir(), 'squall-ssh-'));
      const file = path.join(dir, 'identity');
      await writeFile(file, privateKey.endsWith('\n') ? privateKey : `${privateKey}\n`, { mode: 0o600 });
      return { file, cleanup: () => rm(dir, { recursive: true, force: true }) };
    }
    const file = privateKey.replace(/^~(?=\/)/, homedir());
    const readable = await access(file).then(
      () => true,
      () => false,
    );
    if (!readable)
      return { error: `private_key: no key file at ${file} (give key material or a readable path)` };
    return { ...none, file };
  }
  return configuredFile ? { ...none, file: configuredFile } : none;
}
