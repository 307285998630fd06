import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { compileSchemaCheck } from '../../src/parsing/json-schema.js';
import {
  normalizeBitbucketCloudPush,
  normalizeBitbucketServerPush,
} from '../../src/sensors/git/bitbucket-push.js';
import { GIT_PUSH_TRIGGER_TYPE } from '../../src/sensors/git/git-push-trigger-type.js';
import { normalizeGitHubPush } from '../../src/sensors/git/github-push.js';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as unknown;
const check = compileSchemaCheck(GIT_PUSH_TRIGGER_TYPE.payload_schema!);

describe('git push normalisers', () => {
  it('GitHub push: repository, branch, pusher, commits and the union of changed files', () => {
    const push = normalizeGitHubPush(fixture('github-push.json'), 'ops');
    expect(check(push)).toBeUndefined();
    expect(push).toMatchObject({
      provider: 'github',
      hook: 'ops',
      repository: {
        name: 'ops-config',
        full_name: 'acme/ops-config',
        url: 'https://github.com/acme/ops-config',
        clone_url: 'https://github.com/acme/ops-config.git',
      },
      ref: 'refs/heads/main',
      branch: 'main',
      tag: null,
      before: '6113728f27ae82c7b1a177c8d03f9e96e0adf246',
      after: '0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c',
      created: false,
      deleted: false,
      pusher: 'octocat',
      files_known: true,
    });
    expect(push.commits[0]).toEqual({
      id: 'a10867b14bb761a232cd80139fbd4c0d33264240',
      message: 'Add nginx rule',
      author: { name: 'Mona Lisa', email: 'mona@example.com' },
      added: ['rules/nginx.yaml'],
      modified: ['README.md'],
      removed: [],
    });
    expect(push.changed_files).toEqual([
      'README.md',
      'actions/deploy.yaml',
      'aliases/old.yaml',
      'rules/nginx.yaml',
    ]);
  });

  it('Bitbucket Cloud repo:push: one payload per ref, commits oldest first, files unknown', () => {
    const pushes = normalizeBitbucketCloudPush(fixture('bitbucket-cloud-push.json'), 'api');
    expect(pushes).toHaveLength(2);
    for (const push of pushes) expect(check(push)).toBeUndefined();
    const [branch, tag] = pushes;
    expect(branch).toMatchObject({
      provider: 'bitbucket-cloud',
      repository: {
        name: 'api',
        full_name: 'acme/api',
        url: 'https://bitbucket.org/acme/api',
        clone_url: 'https://bitbucket.org/acme/api.git',
      },
      ref: 'refs/heads/production',
      branch: 'production',
      before: 'b8a4f1ab8d6e4b4f2a1d9b0c3e5f7a9b1c3d5e7f',
      after: 'e7d1f4c7a1b2c3d4e5f60718293a4b5c6d7e8f90',
      created: false,
      deleted: false,
      pusher: 'jdoe',
      changed_files: [],
      files_known: false,
    });
    expect(branch!.commits.map((c) => c.id)).toEqual([
      'c2b3a4d5e6f708192a3b4c5d6e7f8091a2b3c4d5',
      'e7d1f4c7a1b2c3d4e5f60718293a4b5c6d7e8f90',
    ]);
    expect(branch!.commits[0]!.author).toEqual({ name: 'John Roe', email: 'john@example.com' });
    expect(tag).toMatchObject({
      ref: 'refs/tags/v2.4.1',
      branch: null,
      tag: 'v2.4.1',
      before: null,
      created: true,
    });
  });

  it('Bitbucket Server repo:refs_changed: project/slug, http clone url, hashes', () => {
    const [push, ...rest] = normalizeBitbucketServerPush(
      fixture('bitbucket-server-refs-changed.json'),
      'infra',
    );
    expect(rest).toHaveLength(0);
    expect(check(push)).toBeUndefined();
    expect(push).toMatchObject({
      provider: 'bitbucket-server',
      repository: {
        name: 'infra',
        full_name: 'OPS/infra',
        url: 'https://bitbucket.example.com/projects/OPS/repos/infra/browse',
        clone_url: 'https://bitbucket.example.com/scm/ops/infra.git',
      },
      ref: 'refs/heads/master',
      branch: 'master',
      before: 'ecddabb624f6f5ba43816f5926e580a5f680a932',
      after: '178864a7d521b6f5e720b386b2c2b0ef8563e0dc',
      pusher: 'admin',
      created: false,
      deleted: false,
    });
  });
});
