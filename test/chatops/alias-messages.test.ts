import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import type { AliasDefinition } from '../../src/snapshot/model/alias-definition.js';
import { loadAliasFile } from '../../src/chatops/load-alias-file.js';
import { parseAliasDefinition } from '../../src/chatops/parse-alias-definition.js';
import { renderAckMessage, renderResultMessage } from '../../src/chatops/render-alias-message.js';
import { CORPUS } from './corpus-aliases.js';

function alias(fields: Record<string, unknown> = {}): AliasDefinition {
  return parseAliasDefinition(
    { name: 'deploy', action_ref: 'ops.deploy', formats: ['deploy {{app}}'], ...fields },
    { pack: 'ops' },
  );
}

const execution = { id: 'ex1', action: 'ops.deploy', status: 'succeeded', parameters: { app: 'web' } };

describe('ack messages', () => {
  it('renders ack.format with execution and actionalias', () => {
    const a = alias({
      ack: {
        format: 'Deploying *{{ execution.parameters.app }}* via {{ actionalias.ref }} ({{ execution.id }})',
      },
    });
    expect(renderAckMessage(a, execution)).toBe('Deploying *web* via ops.deploy (ex1)');
  });

  it('has a default, is silent when disabled, and appends the execution URL unless append_url is false', () => {
    expect(renderAckMessage(alias(), execution)).toBe('Running ops.deploy for you (execution ex1).');
    expect(renderAckMessage(alias({ ack: { enabled: false } }), execution)).toBeUndefined();
    const url = 'https://squall.example.com/api/v1/executions/ex1';
    expect(renderAckMessage(alias(), execution, { executionUrl: url })).toBe(
      `Running ops.deploy for you (execution ex1).\n${url}`,
    );
    expect(
      renderAckMessage(alias({ ack: { append_url: false } }), execution, { executionUrl: url }),
    ).not.toContain(url);
  });

  it('undefined variables render empty instead of failing the message', () => {
    const a = alias({ ack: { format: 'On it{{ execution.nothing.here }}{{ missing }}!' } });
    expect(renderAckMessage(a, execution)).toBe('On it!');
  });

  it('a template that cannot render tells the user why, as st2 does', () => {
    const a = alias({ ack: { format: '{{ execution.id | no_such_filter }}' } });
    expect(renderAckMessage(a, execution)).toMatch(
      /^Cannot render "format" in field "ack" of alias ops.deploy: /,
    );
  });
});

describe('result messages', () => {
  it('renders result.format with execution and alias; {~} becomes a line break', () => {
    const a = alias({
      result: { format: '{{ alias.name }}: {{ execution.status }}{~}{{ execution.result.stdout }}' },
    });
    expect(renderResultMessage(a, { ...execution, result: { stdout: 'done' } })).toBe(
      'deploy: succeeded\ndone',
    );
  });

  it('the default shows status and stdout', () => {
    const text = renderResultMessage(alias(), {
      ...execution,
      result: { stdout: 'deployed web\n', stderr: '', return_code: 0 },
    });
    expect(text).toBe('ops.deploy succeeded (execution ex1).\n```\ndeployed web\n```');
  });

  it('the default shows stderr and the error on failure, and a non-shell result as JSON', () => {
    const failed = {
      ...execution,
      status: 'failed',
      error: 'exit code 2',
      result: { stdout: '', stderr: 'no such app', return_code: 2 },
    };
    expect(renderResultMessage(alias(), failed)).toBe(
      'ops.deploy ended: failed (execution ex1).\nError: exit code 2\n```\nstderr:\nno such app\n```',
    );
    const http = { ...execution, result: { status_code: 200, body: 'ok' } };
    expect(renderResultMessage(alias(), http)).toContain('"status_code": 200');
  });

  it('the default truncates long output and says how much was left out', () => {
    const stdout = Array.from({ length: 400 }, (_, i) => `line ${i}`).join('\n');
    const text =
      renderResultMessage(alias(), { ...execution, result: { stdout } }, { maxOutputChars: 100 }) ?? '';
    expect(text.length).toBeLessThan(250);
    expect(text).toMatch(/line 0\n/);
    expect(text).toMatch(/… \d+ more characters; see execution ex1\n```$/);
  });

  it('is silent when result.enabled is false', () => {
    expect(renderResultMessage(alias({ result: { enabled: false } }), execution)).toBeUndefined();
  });
});

describe('the StackStorm corpus alias messages', () => {
  it('pack install renders its success and failure results', async (context) => {
    if (!existsSync(CORPUS)) context.skip(`${CORPUS} is absent`);
    const install = await loadAliasFile(join(CORPUS, 'packs/aliases/pack_install.yaml'), { pack: 'packs' });
    const ok = { id: 'e7', status: 'succeeded', parameters: { packs: ['aws', 'github'] } };
    expect(renderResultMessage(install, ok)).toBe('Successful deployment of *aws*, *github* packs!');
    expect(renderAckMessage(install, ok, { executionUrl: 'https://x/e7' })).toBe(
      'Installing the requested pack(s) for you.',
    );
    const failed = { id: 'e8', status: 'failed', parameters: { packs: ['aws'] } };
    expect(renderResultMessage(install, failed)).toBe(
      'Failed to install `aws` pack.\nPlease check `e8` for details.',
    );
  });

  it('remote_shell_cmd lists each host of the result', async (context) => {
    if (!existsSync(CORPUS)) context.skip(`${CORPUS} is absent`);
    const remote = await loadAliasFile(join(CORPUS, 'examples/aliases/remote_shell_cmd.yaml'), {
      pack: 'default',
    });
    const done = {
      id: 'e9',
      status: 'succeeded',
      parameters: { cmd: 'uptime', hosts: 'web1,web2' },
      result: { web1: { stdout: 'up 1 day', stderr: '' }, web2: { stdout: 'up 2 days', stderr: '' } },
    };
    expect(renderAckMessage(remote, done)).toBe(
      'Hold tight while I run command: *uptime* on hosts *web1,web2*',
    );
    const text = renderResultMessage(remote, done) ?? '';
    expect(text).toContain('Ran command *uptime* on *2* hosts.');
    expect(text).toContain('Host: *web1*');
    expect(text).toContain('---> stdout: up 2 days');
  });

  it('pack get renders its YAML dump of the pack', async (context) => {
    if (!existsSync(CORPUS)) context.skip(`${CORPUS} is absent`);
    const get = await loadAliasFile(join(CORPUS, 'packs/aliases/pack_get.yaml'), { pack: 'packs' });
    const done = {
      id: 'e10',
      status: 'succeeded',
      parameters: { pack: 'core' },
      result: { result: { pack: { name: 'core', version: '1.0.0' } } },
    };
    const text = renderResultMessage(get, done) ?? '';
    expect(text).toContain('Getting back to you about the installed `core` pack:');
    expect(text).toContain('name: core');
  });
});
