import { changedFiles, refNames, type GitCommit, type GitPushPayload } from './git-push-trigger-type.js';
import { at, list, record, strings, text } from './json-fields.js';

/** A GitHub `push` event body (`X-GitHub-Event: push`) as the `git.push` payload. */
export function normalizeGitHubPush(body: unknown, hook: string): GitPushPayload {
  const event = record(body);
  const repository = record(event['repository']);
  const ref = text(event['ref']) ?? '';
  const commits: GitCommit[] = list(event['commits']).map((item) => {
    const commit = record(item);
    return {
      id: text(commit['id']) ?? '',
      message: text(commit['message']) ?? '',
      author: { name: text(at(commit, 'author', 'name')), email: text(at(commit, 'author', 'email')) },
      added: strings(commit['added']),
      modified: strings(commit['modified']),
      removed: strings(commit['removed']),
    };
  });
  return {
    provider: 'github',
    hook,
    repository: {
      name: text(repository['name']) ?? '',
      full_name: text(repository['full_name']) ?? '',
      url: text(repository['html_url']),
      clone_url: text(repository['clone_url']),
    },
    ref,
    ...refNames(ref),
    before: text(event['before']),
    after: text(event['after']),
    created: event['created'] === true,
    deleted: event['deleted'] === true,
    pusher: text(at(event, 'pusher', 'name')) ?? text(at(event, 'sender', 'login')),
    commits,
    changed_files: changedFiles(commits),
    files_known: true,
  };
}
