import { useEffect, useState } from 'preact/hooks';

import { Data, Empty, Loading, Page, Problem, Section, Status } from '../components/common';
import { api, errorText } from '../lib/api';
import { ENDED_STATUSES, useFollowedExecution } from '../lib/follow-execution';
import type { Action, Execution, Pack, Sensor } from '../lib/types';
import { useApi } from '../lib/use-api';

interface Alias {
  pack: string;
}

/** Installed packs with their content and problems; install from git, remove, show the masked config. */
export function PacksPage() {
  const packs = useApi<Pack[]>('/packs');
  const sensors = useApi<Sensor[]>('/sensors');
  const aliases = useApi<Alias[]>('/actionalias');
  const actions = useApi<Action[]>('/actions');
  const [job, setJob] = useState<{ label: string; execution: Execution } | null>(null);
  const followed = useFollowedExecution(job?.execution ?? null);
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const [config, setConfig] = useState<{ pack: string; execution: Execution } | null>(null);
  const configRun = useFollowedExecution(config?.execution ?? null);
  const count = <T extends { pack: string }>(list: T[] | undefined, pack: string): number =>
    (list ?? []).filter((item) => item.pack === pack).length;

  const start = async (
    label: string,
    action: string,
    parameters: Record<string, unknown>,
  ): Promise<Execution | null> => {
    setProblem(undefined);
    try {
      return await api<Execution>('POST', '/executions', { action, parameters });
    } catch (error) {
      setProblem(`${label}: ${errorText(error)}`);
      return null;
    }
  };
  const install = async (event: Event): Promise<void> => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const source = String(new FormData(form).get('source') ?? '').trim();
    if (source === '') return;
    const execution = await start(`install ${source}`, 'packs.install', { packs: [source] });
    if (execution) setJob({ label: `Installing ${source}`, execution });
  };
  const remove = async (pack: Pack): Promise<void> => {
    if (!window.confirm(`Remove pack ${pack.ref}? Its rules stop at once.`)) return;
    const execution = await start(`remove ${pack.ref}`, 'packs.uninstall', { packs: [pack.ref] });
    if (execution) setJob({ label: `Removing ${pack.ref}`, execution });
  };
  const showConfig = async (pack: Pack): Promise<void> => {
    const execution = await start(`config of ${pack.ref}`, 'packs.get', { pack: pack.ref });
    if (execution) setConfig({ pack: pack.ref, execution });
  };
  const ended = followed !== null && ENDED_STATUSES.has(followed.status);
  const { reload: reloadPacks } = packs;
  const { reload: reloadSensors } = sensors;
  useEffect(() => {
    if (!ended) return;
    reloadPacks();
    reloadSensors();
  }, [ended, reloadPacks, reloadSensors]);

  return (
    <Page title="Packs">
      <Section title="Install a pack">
        <form class="row wrap" onSubmit={(event) => void install(event)} aria-label="Install a pack">
          <label class="grow">
            Git URL, folder or index name
            <input name="source" placeholder="https://github.com/org/pack.git=v1.0.0" required />
          </label>
          <button type="submit" class="primary" disabled={followed !== null && !ended}>
            Install
          </button>
        </form>
        {followed && job ? (
          <div class="progress" role="status" aria-live="polite">
            <span>{job.label}</span> <Status value={followed.status} />{' '}
            <a href={`/executions/${encodeURIComponent(followed.id)}`}>execution {followed.id}</a>
            {followed.error ? <p class="problem">{followed.error}</p> : null}
            {ended && followed.status === 'succeeded' ? (
              <Data value={followed.result} label="Install result" />
            ) : null}
          </div>
        ) : null}
      </Section>
      <Problem text={packs.error ?? problem} />
      <Loading when={packs.loading && !packs.data} />
      <Empty when={!packs.loading && (packs.data ?? []).length === 0}>No packs are installed.</Empty>
      {(packs.data ?? []).length > 0 ? (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Pack</th>
                <th scope="col">Version</th>
                <th scope="col">Actions</th>
                <th scope="col">Rules</th>
                <th scope="col">Sensors</th>
                <th scope="col">Aliases</th>
                <th scope="col">Unsupported or broken</th>
                <th scope="col">
                  <span class="visually-hidden">Manage</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {(packs.data ?? []).map((pack) => {
                const unsupported = [
                  ...(pack.content.unsupported?.['rules'] ?? []).map(
                    (rule) => `rule ${rule.ref}: ${rule.reason}`,
                  ),
                  ...(actions.data ?? [])
                    .filter((action) => action.pack === pack.ref && action.unsupported)
                    .map((action) => `action ${action.ref}: ${action.unsupported ?? ''}`),
                  ...(sensors.data ?? [])
                    .filter((sensor) => sensor.pack === pack.ref && sensor.state === 'unsupported')
                    .map((sensor) => `sensor ${sensor.ref}: ${sensor.last_error ?? ''}`),
                  ...pack.issues.map(
                    (issue) => `${issue.file}${issue.line ? `:${issue.line}` : ''}: ${issue.message}`,
                  ),
                ];
                return (
                  <tr key={pack.ref}>
                    <td>
                      <strong>{pack.ref}</strong>
                      {pack.bundled ? <span class="muted small"> bundled</span> : null}
                      <div class="muted small">{pack.description}</div>
                    </td>
                    <td>{pack.version}</td>
                    <td>{pack.content.actions}</td>
                    <td>{pack.content.rules}</td>
                    <td>{count(sensors.data, pack.ref)}</td>
                    <td>{count(aliases.data, pack.ref)}</td>
                    <td>
                      {unsupported.length === 0 ? (
                        <span class="muted">none</span>
                      ) : (
                        <details>
                          <summary>{unsupported.length}</summary>
                          <ul class="small">
                            {unsupported.map((line) => (
                              <li key={line}>{line}</li>
                            ))}
                          </ul>
                        </details>
                      )}
                    </td>
                    <td class="buttons">
                      <button type="button" onClick={() => void showConfig(pack)}>
                        Config
                      </button>
                      <button
                        type="button"
                        disabled={pack.bundled}
                        title={
                          pack.bundled ? 'Bundled packs ship with Squall and cannot be removed' : undefined
                        }
                        onClick={() => void remove(pack)}
                      >
                        Remove
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
      {config && configRun ? (
        <Section title={`Config of ${config.pack} (secrets masked)`}>
          {ENDED_STATUSES.has(configRun.status) ? (
            <Data
              value={(configRun.result as { config?: unknown } | null)?.config ?? configRun.error}
              label="Pack config"
            />
          ) : (
            <p class="muted">Reading…</p>
          )}
        </Section>
      ) : null}
    </Page>
  );
}
