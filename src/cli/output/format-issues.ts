import type { ContentIssue } from '../../snapshot/model/content-snapshot.js';
import type { UnsupportedContent } from '../../snapshot/pack-content.js';
import type { Style } from './style.js';

/**
 * One load problem: `error rule packs/x/rules/y.yaml:3: rule x.y: … (previous version still serving)`.
 * The message names its file already (ContentIssue's contract), so it is printed as it is.
 */
export function formatIssueLine(issue: ContentIssue, style: Style): string {
  const severity = issue.severity === 'error' ? style.red('error') : style.yellow('warning');
  const kept = issue.keptPrevious ? style.dim(' (previous version still serving)') : '';
  // Action and sensor messages start with their kind already; say it once.
  const kind = issue.message.startsWith(`${issue.kind} `) ? '' : `${issue.kind} `;
  return `${severity} ${kind}${issue.message}${kept}`;
}

/** Load problems under an `issues:` heading, one per line; nothing when there are none. */
export function formatIssues(issues: readonly ContentIssue[], style: Style): string {
  if (issues.length === 0) return '';
  const lines = issues.map((issue) => `  ${formatIssueLine(issue, style)}`);
  return `${style.bold('issues:')}\n${lines.join('\n')}\n`;
}

/** `unsupported:` then one line per action, sensor or rule that cannot run, with why. */
export function formatUnsupported(unsupported: UnsupportedContent, style: Style): string {
  const lines: string[] = [];
  for (const kind of ['actions', 'sensors', 'rules'] as const) {
    for (const item of unsupported[kind]) {
      const what = `${kind.slice(0, -1)} ${item.ref}`;
      lines.push(`  ${style.yellow(what)}: ${item.reason}`);
    }
  }
  return lines.length === 0 ? '' : `${style.bold('unsupported:')}\n${lines.join('\n')}\n`;
}
