import path from 'node:path';

import { NotFoundError, ValidationError } from '../common/errors.js';
import { assertSafeGitUrl, assertSafeRef } from '../packs/manage/git-source.js';
import { maskUrlCredentials } from '../security/url-credentials.js';
import { parseDuration } from './duration.js';
import { isRecord } from '../common/guards.js';

/** One entry of `repositories:` in `<home>/configs/packs.yaml`, with defaults applied. */
export interface RepositoryConfig {
  name: string;
  /** The real URL, credentials included: only git ever sees it. */
  url: string;
  /** For output, logs, records and chat. */
  maskedUrl: string;
  subtree: boolean;
  defaultBranch: string;
  autoDeployment?: { branch: string; notifyChannel?: string };
  /** Where deployments of this repository are announced. */
  notifyChannel?: string;
  rollbackAfterMs?: number;
  confirm: boolean;
  confirmTimeoutMs: number;
  test?: string;
  /** A private key (PEM/OpenSSH text) or the absolute path of a key file. */
  sshKey?: string;
}

export const PACKS_CONFIG_FILE = 'configs/packs.yaml';
export const DEFAULT_CONFIRM_TIMEOUT_MS = 10 * 60_000;

/** Parses `repositories:` of the resolved `packs` pack config. */
export function readRepositories(values: Record<string, unknown>): Map<string, RepositoryConfig> {
  const repositories = values['repositories'] ?? {};
  if (!isRecord(repositories)) throw invalid('repositories', 'must map repository names to settings');
  const result = new Map<string, RepositoryConfig>();
  for (const [name, entry] of Object.entries(repositories)) result.set(name, readRepository(name, entry));
  return result;
}

function readRepository(name: string, entry: unknown): RepositoryConfig {
  const at = `repositories.${name}`;
  if (!isRecord(entry)) throw invalid(at, 'must be a mapping with at least `repo`');
  const url = entry['repo'];
  if (typeof url !== 'string' || url === '')
    throw invalid(`${at}.repo`, 'must be the git URL of the repository');
  assertSafeGitUrl(url);
  const defaultBranch = optionalText(entry, 'default_branch', at) ?? 'master';
  assertSafeRef(defaultBranch);
  const config: RepositoryConfig = {
    name,
    url,
    maskedUrl: maskUrlCredentials(url),
    subtree: entry['subtree'] === true,
    defaultBranch,
    confirm: entry['confirm'] === true,
    confirmTimeoutMs:
      entry['confirm_timeout'] === undefined
        ? DEFAULT_CONFIRM_TIMEOUT_MS
        : parseDuration(entry['confirm_timeout'], `${PACKS_CONFIG_FILE} ${at}.confirm_timeout`),
  };
  const auto = entry['auto_deployment'];
  if (auto !== undefined && auto !== null) {
    if (!isRecord(auto)) throw invalid(`${at}.auto_deployment`, 'must be {branch, notify_channel}');
    const branch = optionalText(auto, 'branch', `${at}.auto_deployment`) ?? defaultBranch;
    assertSafeRef(branch);
    const channel = optionalText(auto, 'notify_channel', `${at}.auto_deployment`);
    config.autoDeployment = { branch, ...(channel ? { notifyChannel: channel } : {}) };
    if (channel) config.notifyChannel = channel;
  }
  const rollback = entry['rollback'];
  if (isRecord(rollback) && rollback['after'] !== undefined) {
    config.rollbackAfterMs = parseDuration(rollback['after'], `${PACKS_CONFIG_FILE} ${at}.rollback.after`);
  }
  const test = optionalText(entry, 'test', at);
  if (test) config.test = test;
  const sshKey = optionalText(entry, 'ssh_key', at);
  if (sshKey) {
    if (!looksLikeKey(sshKey) && !path.isAbsolute(sshKey)) {
      throw invalid(
        `${at}.ssh_key`,
        'must be a private key (-----BEGIN ... KEY-----) or the absolute path of one',
      );
    }
    config.sshKey = sshKey;
  }
  return config;
}

export function looksLikeKey(text: string): boolean {
  return text.trimStart().startsWith('-----BEGIN');
}

/**
 * The repository a deploy names: its key in `repositories:`, else (for pushes, which name
 * `owner/name`) the one whose key or URL ends with that name. Several candidates are an error.
 */
export function findRepository(
  repositories: ReadonlyMap<string, RepositoryConfig>,
  name: string,
): RepositoryConfig {
  const exact = repositories.get(name);
  if (exact) return exact;
  const all = [...repositories.values()];
  const full = name.toLowerCase();
  const short = lastSegment(name);
  // The closest match wins: the URL's owner/name, then the key's or the URL's last segment.
  const tiers = [
    all.filter((repo) => full.includes('/') && urlPath(repo.url) === full),
    all.filter((repo) => lastSegment(repo.name) === short || urlName(repo.url) === short),
  ];
  for (const candidates of tiers) {
    if (candidates.length === 1 && candidates[0]) return candidates[0];
    if (candidates.length > 1) {
      throw new ValidationError(
        `packs.deploy: "${name}" matches several repositories (${candidates.map((repo) => repo.name).join(', ')}) in ${PACKS_CONFIG_FILE}; deploy one by its key`,
        { code: 'E_DEPLOY_REPO_AMBIGUOUS' },
      );
    }
  }
  const known = [...repositories.keys()];
  throw new NotFoundError(
    `packs.deploy: no repository "${name}" under repositories: in ${PACKS_CONFIG_FILE}` +
      (known.length > 0 ? ` (known: ${known.join(', ')})` : '; add one with its repo URL'),
    { code: 'E_DEPLOY_UNKNOWN_REPO' },
  );
}

/** Names a push of this repository may carry: its key's last segment and its URL's repository name. */
export function pushNames(repo: RepositoryConfig): string[] {
  const keyName = repo.name.split('/').pop() ?? repo.name;
  const names = [keyName, keyName.toLowerCase(), urlName(repo.url, false), urlName(repo.url)];
  return [...new Set(names.filter((name) => name !== ''))];
}

function lastSegment(name: string): string {
  return (name.split('/').pop() ?? name).toLowerCase();
}

/** `owner/name` of `https://host/owner/name.git` or `git@host:owner/name.git`, lower case by default. */
function urlPath(url: string, lower = true): string {
  const scp = /^[^@/]+@[^:]+:(.+)$/.exec(url);
  let pathname = scp?.[1] ?? '';
  if (!scp) {
    try {
      pathname = new URL(url).pathname;
    } catch {
      return '';
    }
  }
  const joined = pathname
    .replace(/\.git\/?$/, '')
    .split('/')
    .filter((part) => part !== '')
    .slice(-2)
    .join('/');
  return lower ? joined.toLowerCase() : joined;
}

function urlName(url: string, lower = true): string {
  return urlPath(url, lower).split('/').pop() ?? '';
}

function optionalText(record: Record<string, unknown>, key: string, at: string): string | undefined {
  const value = record[key];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw invalid(`${at}.${key}`, 'must be text');
  return value;
}

function invalid(at: string, reason: string): ValidationError {
  return new ValidationError(`packs.deploy: ${PACKS_CONFIG_FILE} ${at} ${reason}`, {
    code: 'E_DEPLOY_CONFIG',
    location: { file: PACKS_CONFIG_FILE },
  });
}
