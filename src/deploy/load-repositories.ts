import { looksLikeKey, readRepositories, type RepositoryConfig } from './repository-config.js';
import type { DeployDeps } from './deploy-types.js';

/**
 * The configured repositories. Their tokens and deploy keys join the engine's secrets first, so
 * that nothing deploy writes (results, logs, records, chat) can carry them.
 */
export async function loadRepositories(
  deps: Pick<DeployDeps, 'packsConfig' | 'secrets'>,
): Promise<Map<string, RepositoryConfig>> {
  const repositories = readRepositories(await deps.packsConfig());
  for (const repo of repositories.values()) {
    for (const secret of urlSecrets(repo.url)) deps.secrets.add(secret);
    if (repo.sshKey && looksLikeKey(repo.sshKey)) deps.secrets.add(repo.sshKey.trim());
  }
  return repositories;
}

/** The credentials of `https://user:token@host/...`: the token (or the user name alone, which is one). */
export function urlSecrets(url: string): string[] {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return [];
  }
  const secrets: string[] = [];
  // Over https a lone user name is a token (https://TOKEN@host); over ssh it is an account name.
  const lone = parsed.protocol === 'https:' && parsed.username ? [parsed.username] : [];
  for (const part of parsed.password ? [parsed.password] : lone) {
    secrets.push(part);
    const decoded = safeDecode(part);
    if (decoded !== part) secrets.push(decoded);
  }
  return secrets;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
