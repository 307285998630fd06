import { describe, expect, it } from 'vitest';

import { changedPackFolders } from '../../src/deploy/changed-packs.js';
import { formatDuration, parseDuration } from '../../src/deploy/duration.js';
import { KeyedQueue } from '../../src/deploy/keyed-queue.js';
import { urlSecrets } from '../../src/deploy/load-repositories.js';
import { lockRefusal } from '../../src/deploy/pack-locks.js';
import { findRepository, pushNames, readRepositories } from '../../src/deploy/repository-config.js';
import type { DeployedPack } from '../../src/domain/deployment.js';

describe('deploy building blocks', () => {
  it('parses durations and refuses anything else', () => {
    expect(parseDuration('2s', 'x')).toBe(2000);
    expect(parseDuration('15 m', 'x')).toBe(900_000);
    expect(parseDuration('1w', 'x')).toBe(604_800_000);
    expect(parseDuration(30, 'x')).toBe(30_000);
    for (const bad of ['', '1y', '-1s', '0s', '1.5h', 'soon', null])
      expect(() => parseDuration(bad, 'rollback.after')).toThrow(/rollback.after/);
    expect(formatDuration(3_690_000)).toBe('1h 1m 30s');
  });

  it('maps a push to the pack folders it touched', () => {
    const files = [
      'packs/alpha/actions/a.yaml',
      'packs/beta/pack.yaml',
      'README.md',
      'packs/.hidden/x',
      'packs/top.txt',
    ];
    expect(changedPackFolders(files, true, true)).toEqual(['alpha', 'beta']);
    expect(changedPackFolders(['README.md'], true, true)).toEqual([]);
    expect(changedPackFolders(files, false, true)).toBe('all');
    expect(changedPackFolders(['actions/a.yaml'], true, false)).toBe('all');
    expect(changedPackFolders([], true, false)).toEqual([]);
  });

  it('runs work sharing a key one at a time in arrival order, other keys alongside', async () => {
    const queue = new KeyedQueue();
    const events: string[] = [];
    const job = (name: string, ms: number) => async () => {
      events.push(`start ${name}`);
      await new Promise((resolve) => setTimeout(resolve, ms));
      events.push(`end ${name}`);
    };
    await Promise.all([
      queue.run(['pack:a'], job('a1', 30)),
      queue.run(['pack:a'], job('a2', 1)),
      queue.run(['pack:b'], job('b', 1)),
      queue.run(['pack:*'], job('all', 1)),
      queue.run(['pack:b'], job('b2', 1)),
    ]);
    expect(events.indexOf('start a2')).toBeGreaterThan(events.indexOf('end a1'));
    expect(events.indexOf('start b')).toBeLessThan(events.indexOf('end a1'));
    expect(events.indexOf('start all')).toBeGreaterThan(events.indexOf('end a2'));
    expect(events.indexOf('start b2')).toBeGreaterThan(events.indexOf('end all'));
  });

  it('finds repositories by key, by pushed name or by URL, and names the ambiguous ones', () => {
    const repos = readRepositories({
      repositories: {
        'ops/My-Packs': {
          repo: 'https://tok3n@git.example.com/ops/My-Packs.git',
          auto_deployment: { branch: 'main' },
        },
        tools: { repo: 'git@git.example.com:infra/tools.git' },
        mirror: { repo: 'https://git.example.com/other/tools.git' },
      },
    });
    expect(findRepository(repos, 'ops/My-Packs').name).toBe('ops/My-Packs');
    expect(findRepository(repos, 'acme/my-packs').name).toBe('ops/My-Packs');
    expect(findRepository(repos, 'infra/tools').name).toBe('tools');
    expect(() => findRepository(repos, 'x/tools')).toThrow(/several repositories \(tools, mirror\)/);
    expect(() => findRepository(repos, 'nope')).toThrow(/known: ops\/My-Packs, tools, mirror/);
    expect(repos.get('ops/My-Packs')).toMatchObject({
      defaultBranch: 'master',
      maskedUrl: 'https://********@git.example.com/ops/My-Packs.git',
    });
    expect(pushNames(repos.get('ops/My-Packs')!)).toEqual(['My-Packs', 'my-packs']);
    expect(() => readRepositories({ repositories: { bad: { repo: 'http://x/y.git' } } })).toThrow(
      /plain http/,
    );
    expect(() =>
      readRepositories({ repositories: { bad: { repo: 'https://x/y.git', rollback: { after: 'later' } } } }),
    ).toThrow(/configs\/packs.yaml repositories.bad.rollback.after/);
  });

  it('knows which parts of a URL are secrets', () => {
    expect(urlSecrets('https://ghp_token@github.com/a/b.git')).toEqual(['ghp_token']);
    expect(urlSecrets('https://oauth2:gl%2Ftoken@gitlab.com/a/b.git')).toEqual(['gl%2Ftoken', 'gl/token']);
    expect(urlSecrets('ssh://deploy@host/a/b.git')).toEqual([]);
    expect(urlSecrets('git@github.com:a/b.git')).toEqual([]);
  });

  it('locks a pack on a non-default branch to its deployer until the lock expires', () => {
    const state = {
      pack: 'alpha',
      branch: 'feature/x',
      default_branch: 'master',
      locked_by: 'alice',
      lock_expires_at: '2026-01-01T01:00:00.000Z',
    } as DeployedPack;
    const at = Date.parse('2026-01-01T00:30:00.000Z');
    expect(lockRefusal(state, { user: 'bob', branch: 'feature/y' }, at)).toMatchObject({
      holder: 'alice',
      branch: 'feature/x',
    });
    expect(lockRefusal(state, { user: 'bob', branch: 'feature/x' }, at)).toBeUndefined();
    expect(lockRefusal(state, { user: 'alice', branch: 'master' }, at)).toBeUndefined();
    expect(
      lockRefusal(state, { user: 'bob', branch: 'master' }, Date.parse('2026-01-01T01:00:00.000Z')),
    ).toBeUndefined();
    expect(
      lockRefusal({ ...state, lock_expires_at: null }, { user: 'bob', branch: 'master' }, at),
    ).toBeDefined();
    expect(lockRefusal({ ...state, branch: 'master' }, { user: 'bob', branch: 'x' }, at)).toBeUndefined();
  });
});
