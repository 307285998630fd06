import type { TriggerType } from '../../snapshot/model/trigger-type.js';

export const GIT_PUSH_TRIGGER = 'git.push';

export type GitProvider = 'github' | 'bitbucket-cloud' | 'bitbucket-server';

export interface GitCommit {
  id: string;
  message: string;
  author: { name: string | null; email: string | null };
  added: string[];
  modified: string[];
  removed: string[];
}

/** One ref updated by a push, the same whichever provider sent it. */
export interface GitPushPayload {
  provider: GitProvider;
  /** The Squall hook name it arrived on (`/api/v1/webhooks/git/<hook>`). */
  hook: string;
  repository: { name: string; full_name: string; url: string | null; clone_url: string | null };
  /** `refs/heads/main`, `refs/tags/v1.2.0`. */
  ref: string;
  /** Branch name for `refs/heads/*`, else null. */
  branch: string | null;
  /** Tag name for `refs/tags/*`, else null. */
  tag: string | null;
  before: string | null;
  after: string | null;
  created: boolean;
  deleted: boolean;
  pusher: string | null;
  /** Oldest first. */
  commits: GitCommit[];
  /** Union of the commits' added, modified and removed files, sorted. */
  changed_files: string[];
  /** False when the provider does not list files (Bitbucket), so `changed_files` says nothing. */
  files_known: boolean;
}

const stringList = { type: 'array', items: { type: 'string' } };
const nullableString = { type: ['string', 'null'] };

export const GIT_PUSH_TRIGGER_TYPE: TriggerType = {
  ref: GIT_PUSH_TRIGGER,
  pack: 'git',
  name: 'push',
  description: 'A push to a GitHub or Bitbucket repository (one instance per updated ref).',
  payload_schema: {
    type: 'object',
    properties: {
      provider: { enum: ['github', 'bitbucket-cloud', 'bitbucket-server'] },
      hook: { type: 'string' },
      repository: {
        type: 'object',
        properties: {
          name: { type: 'string' },
          full_name: { type: 'string' },
          url: nullableString,
          clone_url: nullableString,
        },
        required: ['name', 'full_name', 'url', 'clone_url'],
      },
      ref: { type: 'string' },
      branch: nullableString,
      tag: nullableString,
      before: nullableString,
      after: nullableString,
      created: { type: 'boolean' },
      deleted: { type: 'boolean' },
      pusher: nullableString,
      commits: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            id: { type: 'string' },
            message: { type: 'string' },
            author: { type: 'object', properties: { name: nullableString, email: nullableString } },
            added: stringList,
            modified: stringList,
            removed: stringList,
          },
          required: ['id', 'message', 'author', 'added', 'modified', 'removed'],
        },
      },
      changed_files: stringList,
      files_known: { type: 'boolean' },
    },
    required: [
      'provider',
      'repository',
      'ref',
      'branch',
      'before',
      'after',
      'pusher',
      'commits',
      'changed_files',
    ],
  },
};

export function refNames(ref: string): { branch: string | null; tag: string | null } {
  if (ref.startsWith('refs/heads/')) return { branch: ref.slice('refs/heads/'.length), tag: null };
  if (ref.startsWith('refs/tags/')) return { branch: null, tag: ref.slice('refs/tags/'.length) };
  return { branch: null, tag: null };
}

export function changedFiles(commits: readonly GitCommit[]): string[] {
  const files = new Set<string>();
  for (const commit of commits)
    for (const file of [...commit.added, ...commit.modified, ...commit.removed]) files.add(file);
  return [...files].sort();
}
