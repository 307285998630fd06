import { useState } from 'preact/hooks';

import { Empty, Loading, Page, Problem, Section, Status } from '../components/common';
import { api, errorText } from '../lib/api';
import type { ContentIssue, Pack, Rule } from '../lib/types';
import { useApi } from '../lib/use-api';

/** Rules with their state, the rule files that failed to load (and what still serves), enable/disable. */
export function RulesPage() {
  const rules = useApi<Rule[]>('/rules');
  const packs = useApi<Pack[]>('/packs');
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState<string | null>(null);
  const issues: ContentIssue[] = (packs.data ?? [])
    .flatMap((pack) => pack.issues)
    .filter((issue) => issue.kind === 'rule');

  const toggle = async (rule: Rule): Promise<void> => {
    setBusy(rule.ref);
    setProblem(undefined);
    try {
      await api('PUT', `/rules/${encodeURIComponent(rule.ref)}`, { enabled: !rule.enabled });
      rules.reload();
      packs.reload();
    } catch (error) {
      setProblem(errorText(error));
    } finally {
      setBusy(null);
    }
  };

  return (
    <Page title="Rules">
      <Problem text={rules.error ?? problem} />
      {issues.length > 0 ? (
        <Section title="Content problems">
          <ul class="issues" aria-label="Rule files with problems">
            {issues.map((issue) => (
              <li key={`${issue.file}:${issue.code}`} class={`issue ${issue.severity}`}>
                {issue.message.includes(issue.file) ? null : (
                  <strong>
                    {issue.file}
                    {issue.line ? `:${issue.line}` : ''}
                  </strong>
                )}
                <span class="issue-message">{issue.message}</span>
                <span class="muted">
                  {issue.code}
                  {issue.keptPrevious ? ' · the previous version is still serving' : ' · not loaded'}
                </span>
              </li>
            ))}
          </ul>
        </Section>
      ) : null}
      <Loading when={rules.loading && !rules.data} />
      <Empty when={!rules.loading && (rules.data ?? []).length === 0}>No rules are loaded.</Empty>
      {(rules.data ?? []).length > 0 ? (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Rule</th>
                <th scope="col">State</th>
                <th scope="col">Trigger</th>
                <th scope="col">Action</th>
                <th scope="col">
                  <span class="visually-hidden">Change</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {(rules.data ?? []).map((rule) => (
                <tr key={rule.ref}>
                  <td>
                    <a href={`/rules/${encodeURIComponent(rule.ref)}`}>{rule.ref}</a>
                    {rule.description ? <div class="muted small">{rule.description}</div> : null}
                    {rule.load_error ? (
                      <div class="problem-text small">
                        The file does not load; its last good version serves: {rule.load_error.message}
                      </div>
                    ) : null}
                  </td>
                  <td>
                    <Status value={rule.enabled ? 'enabled' : 'disabled'} />
                  </td>
                  <td>{rule.trigger.type}</td>
                  <td>{rule.action.ref}</td>
                  <td>
                    <button
                      type="button"
                      disabled={busy === rule.ref}
                      onClick={() => void toggle(rule)}
                      aria-label={`${rule.enabled ? 'Disable' : 'Enable'} ${rule.ref}`}
                    >
                      {rule.enabled ? 'Disable' : 'Enable'}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </Page>
  );
}
