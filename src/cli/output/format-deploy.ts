import type { ExecutionView } from '../../api/serialize/serialize-execution.js';
import type { DeployStatus } from '../../deploy/deploy-status.js';
import type { DeployResult } from '../../deploy/deploy-types.js';
import type { Deployment } from '../../domain/deployment.js';
import { formatTable } from './format-table.js';
import { styleStatus, type Style } from './style.js';

/** A finished packs.deploy execution: its message, the changes, or why it failed. */
export function formatDeployExecution(execution: ExecutionView, style: Style): string {
  const result = (execution.result ?? {}) as Partial<DeployResult> & {
    details?: { test?: { output?: string } };
  };
  if (execution.status !== 'succeeded') {
    const lines = [`${style.red(execution.status)} ${execution.error ?? 'the deploy failed'}`];
    const output = result.details?.test?.output;
    if (output) lines.push(style.dim('test output:'), output.trimEnd());
    lines.push(style.dim(`execution ${execution.id}`));
    return `${lines.join('\n')}\n`;
  }
  const lines = [`${styleStatus(style, result.status ?? 'succeeded')} ${result.message ?? ''}`];
  for (const change of result.changelog ?? []) {
    for (const commit of change.commits)
      lines.push(`  ${change.pack} + ${commit.id.slice(0, 12)} ${commit.subject} (${commit.author})`);
    for (const commit of change.reverted)
      lines.push(`  ${change.pack} - ${commit.id.slice(0, 12)} ${commit.subject} (${commit.author})`);
  }
  for (const skip of result.skipped ?? [])
    lines.push(`  ${style.yellow('skipped')} ${skip.pack}: ${skip.reason}`);
  lines.push(style.dim(`deployment ${result.deployment || '-'}, execution ${execution.id}`));
  return `${lines.join('\n')}\n`;
}

export function formatDeployStatus(status: DeployStatus, style: Style): string {
  const packs = formatTable(
    [
      { header: 'pack', value: (p: DeployStatus['packs'][number]) => p.pack },
      { header: 'repo', value: (p) => p.repo_name },
      { header: 'branch', value: (p) => (p.branch === p.default_branch ? p.branch : style.yellow(p.branch)) },
      { header: 'commit', value: (p) => p.commit.slice(0, 12) },
      { header: 'by', value: (p) => p.deployed_by },
      { header: 'at', value: (p) => p.deployed_at },
      {
        header: 'lock',
        value: (p) =>
          p.lock ? `${p.lock.holder} until ${p.lock.expires_at ?? `${p.default_branch} is deployed`}` : '',
      },
      {
        header: 'rollback',
        value: (p) =>
          p.rollback
            ? `to ${p.default_branch} at ${p.rollback.at}${p.rollback.state === 'claimed' ? ' (running)' : ''}${p.rollback.last_error ? ` (retry ${p.rollback.attempts}: ${p.rollback.last_error})` : ''}`
            : '',
        maxWidth: 100,
      },
    ],
    status.packs,
    style,
  );
  const parts = [`${style.bold('Deployed packs')}\n${packs}`];
  if (status.pending.length > 0) {
    parts.push(
      `${style.bold('Waiting for confirmation')}\n${deploymentTable(status.pending, style, (d) => `confirm before ${d.confirm_expires_at ?? '?'}: squall deploy confirm ${d.id}`)}`,
    );
  }
  if (status.active.length > 0)
    parts.push(`${style.bold('Deploying now')}\n${deploymentTable(status.active, style)}`);
  return parts.join('\n');
}

export function deploymentTable(
  deployments: readonly Deployment[],
  style: Style,
  note: (deployment: Deployment) => string = (d) => d.error ?? '',
): string {
  return formatTable(
    [
      { header: 'id', value: (d: Deployment) => d.id },
      { header: 'created', value: (d) => d.created_at },
      { header: 'repo', value: (d) => d.repo_name },
      { header: 'branch', value: (d) => d.branch },
      { header: 'commit', value: (d) => d.commit?.slice(0, 12) ?? '' },
      { header: 'packs', value: (d) => d.packs.join(',') },
      { header: 'by', value: (d) => d.requested_by },
      { header: 'mode', value: (d) => d.mode },
      { header: 'status', value: (d) => d.status, style: (text) => styleStatus(style, text.trim()) },
      { header: 'note', value: note, maxWidth: 120 },
    ],
    deployments,
    style,
  );
}
