import { useEffect, useState } from 'preact/hooks';

import { Empty, Loading, Page, Problem, Section, Status } from '../components/common';
import { api, errorText } from '../lib/api';
import { countdown, dateTime } from '../lib/format';
import type { DeployStatus, Deployment, Execution } from '../lib/types';
import { useApi } from '../lib/use-api';
import { useLiveReload } from './trace';

function useNow(): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

/** What each pack serves, locks, the queue, confirmations waiting, rollbacks due, and history. */
export function DeploymentsPage() {
  const status = useApi<DeployStatus>('/deployments/status');
  const history = useApi<Deployment[]>('/deployments?limit=25');
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const [confirmed, setConfirmed] = useState<Record<string, string>>({});
  const now = useNow();
  const { reload: reloadStatus } = status;
  const { reload: reloadHistory } = history;
  useLiveReload(reloadStatus);
  useLiveReload(reloadHistory);

  const confirm = async (deployment: Deployment): Promise<void> => {
    setProblem(undefined);
    try {
      const execution = await api<Execution>(
        'POST',
        `/deployments/${encodeURIComponent(deployment.id)}/confirm`,
        {},
      );
      setConfirmed({ ...confirmed, [deployment.id]: execution.id });
    } catch (error) {
      setProblem(errorText(error));
    }
  };
  const data = status.data;
  return (
    <Page
      title="Deployments"
      actions={
        <button
          type="button"
          onClick={() => {
            status.reload();
            history.reload();
          }}
        >
          Refresh
        </button>
      }
    >
      <Problem text={status.error ?? problem} />
      <Loading when={status.loading && !data} />
      {data ? (
        <>
          <Section title="Waiting for confirmation">
            <Empty when={data.pending.length === 0}>No deployment is waiting.</Empty>
            <ul class="cards" aria-label="Deployments waiting for confirmation">
              {data.pending.map((deployment) => (
                <li key={deployment.id} class="card inner">
                  <strong>
                    {deployment.repo_name} {deployment.branch}
                  </strong>{' '}
                  <span class="muted">
                    {deployment.packs.join(', ')} · asked by {deployment.requested_by}
                    {deployment.confirm_expires_at
                      ? ` · expires ${countdown(deployment.confirm_expires_at, now)}`
                      : ''}
                  </span>
                  <Changelog deployment={deployment} />
                  <div class="row">
                    {confirmed[deployment.id] ? (
                      <span role="status">
                        Confirmed:{' '}
                        <a href={`/executions/${encodeURIComponent(confirmed[deployment.id] ?? '')}`}>
                          deploying
                        </a>
                      </span>
                    ) : (
                      <button type="button" class="primary" onClick={() => void confirm(deployment)}>
                        Confirm deploy of {deployment.branch}
                      </button>
                    )}
                  </div>
                </li>
              ))}
            </ul>
          </Section>
          <Section title="Serving">
            <Empty when={data.packs.length === 0}>No pack has been deployed yet.</Empty>
            {data.packs.length > 0 ? (
              <div class="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">Pack</th>
                      <th scope="col">Repository</th>
                      <th scope="col">Branch</th>
                      <th scope="col">Commit</th>
                      <th scope="col">Lock</th>
                      <th scope="col">Rollback</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.packs.map((pack) => (
                      <tr key={pack.pack}>
                        <td>{pack.pack}</td>
                        <td>{pack.repo_name}</td>
                        <td>
                          {pack.branch}
                          {pack.branch !== pack.default_branch ? (
                            <span class="muted small"> (default {pack.default_branch})</span>
                          ) : null}
                        </td>
                        <td>
                          <code>{pack.commit.slice(0, 10)}</code>
                        </td>
                        <td>
                          {pack.lock
                            ? `${pack.lock.holder} on ${pack.lock.branch}${pack.lock.expires_at ? `, ${countdown(pack.lock.expires_at, now)}` : ''}`
                            : ''}
                        </td>
                        <td>
                          {pack.rollback ? (
                            <span class="countdown" title={dateTime(pack.rollback.at)}>
                              {countdown(pack.rollback.at, now)}
                              {pack.rollback.last_error ? ` — ${pack.rollback.last_error}` : ''}
                            </span>
                          ) : (
                            ''
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : null}
          </Section>
          <Section title="Queue">
            <Empty when={data.active.length === 0}>Nothing is queued or running.</Empty>
            <DeploymentTable list={data.active} />
          </Section>
        </>
      ) : null}
      <Section title="History">
        <Problem text={history.error} />
        <Empty when={!history.loading && (history.data ?? []).length === 0}>No deployments yet.</Empty>
        <DeploymentTable list={history.data ?? []} />
      </Section>
    </Page>
  );
}

function DeploymentTable({ list }: { list: Deployment[] }) {
  if (list.length === 0) return null;
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Repository</th>
            <th scope="col">Branch</th>
            <th scope="col">Packs</th>
            <th scope="col">Status</th>
            <th scope="col">By</th>
            <th scope="col">Changes</th>
          </tr>
        </thead>
        <tbody>
          {list.map((deployment) => (
            <tr key={deployment.id}>
              <td>{dateTime(deployment.created_at)}</td>
              <td>{deployment.repo_name}</td>
              <td>{deployment.branch}</td>
              <td>{deployment.packs.join(', ')}</td>
              <td>
                <Status value={deployment.status} />
                {deployment.error ? <div class="problem-text small">{deployment.error}</div> : null}
              </td>
              <td>{deployment.requested_by}</td>
              <td>
                <Changelog deployment={deployment} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Changelog({ deployment }: { deployment: Deployment }) {
  const commits = deployment.changelog.reduce((total, change) => total + change.commits.length, 0);
  if (deployment.changelog.length === 0) return null;
  return (
    <details>
      <summary>{commits} commits</summary>
      <ul class="small">
        {deployment.changelog.map((change) => (
          <li key={change.pack}>
            {change.pack} {change.from ? change.from.slice(0, 8) : 'new'} → {change.to.slice(0, 8)}
            <ul>
              {change.commits.map((commit) => (
                <li key={commit.id}>
                  <code>{commit.id.slice(0, 8)}</code> {commit.subject}{' '}
                  <span class="muted">({commit.author})</span>
                </li>
              ))}
              {change.truncated ? <li class="muted">…and more</li> : null}
            </ul>
          </li>
        ))}
      </ul>
    </details>
  );
}
