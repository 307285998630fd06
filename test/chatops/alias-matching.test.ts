import { existsSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import type { AliasDefinition } from '../../src/snapshot/model/alias-definition.js';
import { loadAliasFile } from '../../src/chatops/load-alias-file.js';
import { findAliasMatches, matchAlias } from '../../src/chatops/match-alias.js';
import { parseAliasDefinition } from '../../src/chatops/parse-alias-definition.js';
import { ConflictError, NotFoundError } from '../../src/common/errors.js';
import { CORPUS, corpusAliasFiles } from './corpus-aliases.js';

function alias(name: string, formats: unknown[], fields: Record<string, unknown> = {}): AliasDefinition {
  return parseAliasDefinition({ name, action_ref: `core.${name}`, formats, ...fields }, { pack: 'test' });
}

describe('matching a command to an alias', () => {
  const remote = alias('remote', ['run {{cmd}} on {{hosts}}']);
  const google = alias('google', ['google {{query}}']);
  const lookup = alias('lookup', [
    { display: 'dns lookup <hostname>', representation: ['(lookup|resolve|dig) {{hostname}}'] },
  ]);
  const restart = alias('restart', ['restart {{service}} {{host=localhost}}']);
  const aliases = [remote, google, lookup, restart];

  it('returns the alias, the display and representation that matched, and the parameters', () => {
    expect(matchAlias(aliases, 'run date on web1')).toEqual({
      alias: remote,
      format: { display: 'run {{cmd}} on {{hosts}}', representation: 'run {{cmd}} on {{hosts}}' },
      parameters: { cmd: 'date', hosts: 'web1' },
    });
    const match = matchAlias(aliases, 'dig example.com');
    expect(match.alias).toBe(lookup);
    expect(match.format).toEqual({
      display: 'dns lookup <hostname>',
      representation: '(lookup|resolve|dig) {{hostname}}',
    });
    expect(match.parameters).toEqual({ hostname: 'example.com' });
  });

  it('StackStorm documentation examples: quoted values, key=value extras, JSON values, defaults', () => {
    expect(matchAlias(aliases, 'run "ls -la /tmp" on web1,web2').parameters).toEqual({
      cmd: 'ls -la /tmp',
      hosts: 'web1,web2',
    });
    expect(matchAlias(aliases, 'run date on localhost timeout=120 env={"A": "1"}').parameters).toEqual({
      cmd: 'date',
      hosts: 'localhost',
      timeout: '120',
      env: '{"A": "1"}',
    });
    expect(matchAlias(aliases, 'google "StackStorm ChatOps"').parameters).toEqual({
      query: 'StackStorm ChatOps',
    });
    expect(matchAlias(aliases, 'restart nginx').parameters).toEqual({ service: 'nginx', host: 'localhost' });
    expect(matchAlias(aliases, 'restart nginx web3').parameters).toEqual({ service: 'nginx', host: 'web3' });
  });

  it('is anchored and case-sensitive', () => {
    expect(() => matchAlias(aliases, 'please run date on web1')).toThrow(NotFoundError);
    expect(() => matchAlias(aliases, 'Run date on web1')).toThrow(NotFoundError);
    expect(() => matchAlias(aliases, 'lookupx')).toThrow(NotFoundError);
  });

  it('no match says so and suggests help', () => {
    const error = (() => {
      try {
        return matchAlias(aliases, 'launch the rockets');
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).code).toBe('E_ALIAS_NO_MATCH');
    expect((error as NotFoundError).message).toBe(
      'No command matches that. Type "help" to list the commands you can run.',
    );
  });

  it('two aliases matching is an error naming both', () => {
    const deploy = alias('deploy', ['deploy {{app}}']);
    const deployNow = alias('deploy_now', ['deploy {{app}} now']);
    let error: unknown;
    try {
      matchAlias([deploy, deployNow], 'deploy web now');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).code).toBe('E_ALIAS_AMBIGUOUS');
    expect((error as ConflictError).message).toContain('test.deploy ("deploy {{app}}")');
    expect((error as ConflictError).message).toContain('test.deploy_now ("deploy {{app}} now")');
    expect(matchAlias([deploy, deployNow], 'deploy web').alias).toBe(deploy);
  });

  it('one alias whose representations overlap is not ambiguous: the first representation wins', () => {
    const two = alias('two', [{ display: 'x <a> [<b>]', representation: ['x {{a}} {{b}}', 'x {{a}}'] }]);
    expect(matchAlias([two], 'x 1 2').parameters).toEqual({ a: '1', b: '2' });
    expect(matchAlias([two], 'x 1').parameters).toEqual({ a: '1' });
  });

  it('disabled aliases are skipped', () => {
    const off = alias('off', ['google {{query}}'], { enabled: false });
    expect(findAliasMatches([off], 'google x')).toEqual([]);
    expect(matchAlias([off, google], 'google x').alias).toBe(google);
  });
});

describe('the StackStorm corpus aliases match the commands their display strings describe', () => {
  const commands: [string, string, Record<string, string>][] = [
    ['default.remote_shell_cmd', 'run date on web1,web2', { cmd: 'date', hosts: 'web1,web2' }],
    ['default.remote_shell_cmd', 'run "uname -a" on web1', { cmd: 'uname -a', hosts: 'web1' }],
    ['packs.pack_search', 'pack search monitoring', { query: 'monitoring' }],
    [
      'packs.pack_install',
      'pack install st2,https://github.com/x/y',
      { packs: 'st2,https://github.com/x/y' },
    ],
    ['packs.pack_get', 'pack get core', { pack: 'core' }],
    ['packs.pack_show', 'pack show aws', { pack: 'aws' }],
    [
      'packs.pack_deploy',
      'pack deploy infra packs a,b branch dev',
      { repo_name: 'infra', packs: 'a,b', branch: 'dev' },
    ],
    ['packs.pack_deploy', 'pack deploy infra packs a,b', { repo_name: 'infra', packs: 'a,b' }],
    ['packs.pack_deploy', 'pack deploy infra branch dev', { repo_name: 'infra', branch: 'dev' }],
    ['packs.pack_deploy', 'pack deploy infra', { repo_name: 'infra' }],
  ];

  async function loadCorpus(): Promise<AliasDefinition[]> {
    const files = await corpusAliasFiles();
    // The examples pack has no `pack:` field; it is registered under "default" as st2 does for
    // content outside a named pack, so both packs' aliases are matched together.
    return Promise.all(
      files.map(({ file, pack }) => loadAliasFile(file, { pack: pack === 'examples' ? 'default' : pack })),
    );
  }

  it('each command runs exactly the alias it was written for', async (context) => {
    if (!existsSync(CORPUS)) context.skip(`${CORPUS} is absent`);
    const aliases = await loadCorpus();
    for (const [ref, command, parameters] of commands) {
      const match = matchAlias(aliases, command);
      expect(match.alias.ref, command).toBe(ref);
      expect(match.parameters, command).toEqual(parameters);
    }
  });

  it('every display string, with sample values for its <placeholders>, matches its own alias', async (context) => {
    if (!existsSync(CORPUS)) context.skip(`${CORPUS} is absent`);
    const aliases = await loadCorpus();
    let checked = 0;
    for (const candidate of aliases) {
      for (const pattern of candidate.patterns) {
        const command = commandFromDisplay(pattern.display);
        expect(matchAlias(aliases, command).alias.ref, `${pattern.display} → ${command}`).toBe(candidate.ref);
        checked++;
      }
    }
    expect(checked).toBe(7);
  });
});

/** `pack deploy <repo_name> [branch <branch=master>]` → `pack deploy value1`; `{{x}}` → a value too. */
function commandFromDisplay(display: string): string {
  let n = 0;
  return display
    .replace(/\[[^\]]*\]/g, '')
    .replace(/<[^>]+>|\{\{[^}]+\}\}/g, () => `value${++n}`)
    .replace(/\s+/g, ' ')
    .trim();
}
