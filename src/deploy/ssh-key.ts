import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { looksLikeKey } from './repository-config.js';

/**
 * `GIT_SSH_COMMAND` using the repository's deploy key only. A key given as text is written to a
 * file readable by this user alone (ssh refuses keys others can read) inside `dir`, which the
 * caller removes with the checkout.
 */
export async function sshKeyEnvironment(sshKey: string, dir: string): Promise<Record<string, string>> {
  let keyFile = sshKey;
  if (looksLikeKey(sshKey)) {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    keyFile = path.join(dir, 'deploy_key');
    await writeFile(keyFile, sshKey.endsWith('\n') ? sshKey : `${sshKey}\n`, { mode: 0o600 });
    await chmod(keyFile, 0o600);
  }
  const quoted = `'${keyFile.replaceAll("'", "'\\''")}'`;
  return {
    GIT_SSH_COMMAND: `ssh -i ${quoted} -o IdentitiesOnly=yes -o BatchMode=yes -o StrictHostKeyChecking=accept-new`,
  };
}
