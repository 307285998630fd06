import type { DeploymentChange, DeploymentNotification } from '../domain/deployment.js';
import { errorMessage } from '../common/errors.js';
import type { DeployDeps } from './deploy-types.js';

export const POST_MESSAGE_ACTION = 'chatops.post_message';
const COMMITS_SHOWN = 10;

export interface DeploymentSummary {
  outcome: 'succeeded' | 'failed';
  mode: 'manual' | 'auto' | 'rollback';
  user: string;
  repo: string;
  branch: string;
  commit: string | null;
  packs: readonly string[];
  changelog: readonly DeploymentChange[];
  rollbackAt: string | null;
  defaultBranch: string;
  error?: string;
}

/** The chat message for a deployment: who, what, where from, the changes, and any rollback time. */
export function deploymentMessage(s: DeploymentSummary): string {
  const at = s.commit ? ` @ ${s.commit.slice(0, 12)}` : '';
  const what = s.packs.length > 0 ? s.packs.join(', ') : 'packs';
  if (s.outcome === 'failed') {
    const verb = s.mode === 'rollback' ? 'Rollback' : 'Deploy';
    return `${verb} of ${what} from ${s.repo} (${s.branch}${at}) by ${s.user} failed: ${s.error ?? 'unknown error'}. The previous version keeps serving.`;
  }
  const how = s.mode === 'rollback' ? 'rolled back' : s.mode === 'auto' ? 'auto-deployed' : 'deployed';
  const lines = [`${s.user} ${how} ${what} from ${s.repo} (${s.branch}${at}).`];
  if (s.rollbackAt) lines.push(`Returns to ${s.defaultBranch} at ${s.rollbackAt}.`);
  for (const change of s.changelog) {
    if (change.commits.length === 0 && change.reverted.length === 0) continue;
    const from = change.from ? change.from.slice(0, 12) : 'nothing';
    lines.push(`${change.pack}: ${from} → ${change.to.slice(0, 12)}`);
    for (const commit of change.commits.slice(0, COMMITS_SHOWN))
      lines.push(`  + ${commit.id.slice(0, 12)} ${commit.subject} (${commit.author})`);
    for (const commit of change.reverted.slice(0, COMMITS_SHOWN))
      lines.push(`  - ${commit.id.slice(0, 12)} ${commit.subject} (${commit.author})`);
    const hidden =
      Math.max(0, change.commits.length - COMMITS_SHOWN) +
      Math.max(0, change.reverted.length - COMMITS_SHOWN);
    if (hidden > 0 || change.truncated) lines.push('  … more commits');
  }
  return lines.join('\n');
}

/**
 * Posts the message to the repository's channel through `chatops.post_message` when that action
 * exists and a chat adapter is configured; otherwise only records and logs it. Never throws: a
 * deploy does not fail for its notification.
 */
export async function notify(
  deps: DeployDeps,
  channel: string | undefined,
  text: string,
  context: { executionId: string; deployment: string },
): Promise<DeploymentNotification> {
  const message = deps.secrets.mask(text);
  const logger = deps.logger.child({ component: 'deploy', deployment: context.deployment });
  const canPost =
    channel !== undefined &&
    deps.snapshot().actions.has(POST_MESSAGE_ACTION) &&
    deps.chatAdapters().length > 0;
  if (!canPost) {
    logger.info(
      { channel: channel ?? null },
      `deploy notification (not posted: ${channel ? 'no chat adapter' : 'no notify_channel'}): ${message}`,
    );
    return { channel: channel ?? null, message, status: 'recorded' };
  }
  try {
    const execution = await deps.run({
      action: POST_MESSAGE_ACTION,
      parameters: { channel, message },
      context: { source: 'packs.deploy', user: 'squall', deployment: context.deployment },
      parent: context.executionId,
      renderTemplates: false,
    });
    return { channel, message, status: 'sent', execution: execution.id };
  } catch (error) {
    const reason = deps.secrets.mask(errorMessage(error));
    logger.warn({ channel, err: reason }, `deploy notification could not be posted: ${message}`);
    return { channel, message, status: 'failed', error: reason };
  }
}
