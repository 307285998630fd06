import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { makeDeployHome, type DeployHome } from './support/deploy-home.js';
import { makePackRepo, writeSayPack, type PackRepo } from './support/git-repo.js';

const KEY =
  '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAAtestkeymaterial\n-----END OPENSSH PRIVATE KEY-----';

/**
 * An `ssh` (Squall passes PATH on to git, not other variables) that records how git called it (and the key file it was given) and then runs the remote
 * command locally: git over ssh:// without an SSH server.
 */
const fakeSsh = (log: string): string => `#!/bin/sh
log="${log}"
key=""
prev=""
for arg in "$@"; do
  if [ "$prev" = "-i" ]; then key="$arg"; fi
  prev="$arg"
done
echo "args: $*" >> "$log"
echo "mode: $(stat -c %a "$key")" >> "$log"
echo "key: $(cat "$key" | head -1)" >> "$log"
echo "keyfile: $key" >> "$log"
for last; do :; done
exec sh -c "$last"
`;

describe('SSH deploy keys', () => {
  let repo: PackRepo;
  let home: DeployHome;
  let bin: string;
  const savedPath = process.env['PATH'];
  beforeEach(async () => {
    repo = await makePackRepo();
    await writeSayPack(repo, 'alpha', 'over-ssh');
    repo.commit('alpha');
    bin = await mkdtemp(path.join(tmpdir(), 'squall-fake-ssh-'));
    await writeFile(path.join(bin, 'ssh'), fakeSsh(path.join(bin, 'log')));
    await chmod(path.join(bin, 'ssh'), 0o755);
    process.env['PATH'] = `${bin}:${savedPath ?? ''}`;
    home = await makeDeployHome();
    const sshUrl = `ssh://git@localhost${fileURLToPath(repo.url)}`;
    await home.temp.write(
      'configs/packs.yaml',
      `repositories:\n  my-packs:\n    repo: "${sshUrl}"\n    subtree: true\n    ssh_key: |\n${KEY.split('\n')
        .map((l) => `      ${l}`)
        .join('\n')}\n`,
    );
    await home.start();
  });
  afterEach(async () => {
    process.env['PATH'] = savedPath;
    await home.cleanup();
    await repo.cleanup();
    await rm(bin, { recursive: true, force: true });
  });

  it('clone with the repository key only, from a file only this user can read, removed afterwards', async () => {
    const deployed = await home.run('packs.deploy', { repo_name: 'my-packs' });
    expect(deployed.error).toBeNull();
    expect(deployed.status).toBe('succeeded');
    expect(((await home.run('alpha.say')).result as { stdout: string }).stdout).toBe('over-ssh');
    const log = await readFile(path.join(bin, 'log'), 'utf8');
    expect(log).toContain('-o IdentitiesOnly=yes');
    expect(log).toContain('mode: 600');
    expect(log).toContain('key: -----BEGIN OPENSSH PRIVATE KEY-----');
    const keyFile = /keyfile: (.+)/.exec(log)?.[1] ?? '';
    await expect(readFile(keyFile)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(JSON.stringify(deployed)).not.toContain('testkeymaterial');
    expect(home.logs.join('')).not.toContain('testkeymaterial');
  });
});
