import { changedFiles, refNames, type GitCommit, type GitPushPayload } from './git-push-trigger-type.js';
import { at, list, record, text, type JsonRecord } from './json-fields.js';

const ZERO_HASH = /^0+$/;

/**
 * A Bitbucket Cloud `repo:push` body: one `git.push` payload per updated ref. Cloud lists commits
 * newest first and without files, so commits are reversed and `files_known` is false.
 */
export function normalizeBitbucketCloudPush(body: unknown, hook: string): GitPushPayload[] {
  const event = record(body);
  const repository = record(event['repository']);
  const fullName = text(repository['full_name']) ?? '';
  const url = text(at(repository, 'links', 'html', 'href'));
  const actor = record(event['actor']);
  const pusher = text(actor['nickname']) ?? text(actor['username']) ?? text(actor['display_name']);
  return list(at(event, 'push', 'changes')).map((item) => {
    const change = record(item);
    const next = record(change['new']);
    const previous = record(change['old']);
    const side = change['new'] ? next : previous;
    const name = text(side['name']) ?? '';
    const ref = text(side['type']) === 'tag' ? `refs/tags/${name}` : `refs/heads/${name}`;
    const commits = list(change['commits']).map(cloudCommit).reverse();
    return {
      provider: 'bitbucket-cloud',
      hook,
      repository: {
        name: text(repository['name']) ?? fullName.split('/').pop() ?? '',
        full_name: fullName,
        url,
        clone_url: url ? `${url}.git` : null,
      },
      ref,
      ...refNames(ref),
      before: text(at(previous, 'target', 'hash')),
      after: text(at(next, 'target', 'hash')),
      created: change['created'] === true || !change['old'],
      deleted: change['closed'] === true || !change['new'],
      pusher,
      commits,
      changed_files: changedFiles(commits),
      files_known: false,
    } satisfies GitPushPayload;
  });
}

function cloudCommit(item: unknown): GitCommit {
  const commit = record(item);
  const raw = text(at(commit, 'author', 'raw')) ?? '';
  const parsed = /^(.*?)\s*<([^>]*)>\s*$/.exec(raw);
  const name = parsed ? parsed[1]! : raw || text(at(commit, 'author', 'user', 'display_name'));
  return {
    id: text(commit['hash']) ?? '',
    message: text(commit['message']) ?? '',
    author: { name: name || null, email: parsed ? parsed[2]! : null },
    added: [],
    modified: [],
    removed: [],
  };
}

/** A Bitbucket Server / Data Center `repo:refs_changed` body: one payload per changed ref. */
export function normalizeBitbucketServerPush(body: unknown, hook: string): GitPushPayload[] {
  const event = record(body);
  const repository = record(event['repository']);
  const slug = text(repository['slug']) ?? text(repository['name']) ?? '';
  const projectKey = text(at(repository, 'project', 'key'));
  const links = record(repository['links']);
  const cloneLinks = list(links['clone']).map(record);
  const clone = cloneLinks.find((link) => /^https?$/.test(text(link['name']) ?? '')) ?? cloneLinks[0];
  const actor = record(event['actor']);
  const changes = list(event['changes']);
  // Commits (sent by newer servers) cannot be attributed to one ref when several changed.
  const commits = changes.length === 1 ? list(event['commits']).map(serverCommit).reverse() : [];
  return changes.map((item) => {
    const change = record(item);
    const ref = text(change['refId']) ?? text(at(change, 'ref', 'id')) ?? '';
    const before = text(change['fromHash']);
    const after = text(change['toHash']);
    const type = text(change['type']);
    return {
      provider: 'bitbucket-server',
      hook,
      repository: {
        name: slug,
        full_name: projectKey ? `${projectKey}/${slug}` : slug,
        url: text(record(list(links['self'])[0])['href']),
        clone_url: clone ? text(clone['href']) : null,
      },
      ref,
      ...refNames(ref),
      before,
      after,
      created: type === 'ADD' || (before !== null && ZERO_HASH.test(before)),
      deleted: type === 'DELETE' || (after !== null && ZERO_HASH.test(after)),
      pusher: text(actor['name']) ?? text(actor['slug']) ?? text(actor['displayName']),
      commits,
      changed_files: [],
      files_known: false,
    } satisfies GitPushPayload;
  });
}

function serverCommit(item: unknown): GitCommit {
  const commit: JsonRecord = record(item);
  return {
    id: text(commit['id']) ?? '',
    message: text(commit['message']) ?? '',
    author: { name: text(at(commit, 'author', 'name')), email: text(at(commit, 'author', 'emailAddress')) },
    added: [],
    modified: [],
    removed: [],
  };
}
