import { useState } from 'preact/hooks';

import { Empty, Loading, Page, Problem, Section } from '../components/common';
import { api, errorText, query } from '../lib/api';
import { dateTime } from '../lib/format';
import type { KeyPair } from '../lib/types';
import { useApi } from '../lib/use-api';

function scopeOf(pair: KeyPair): string {
  return pair.user === undefined ? 'system' : `user:${pair.user}`;
}

/** Datastore keys by scope, secrets masked by the API; set and delete. */
export function DatastorePage() {
  const [scope, setScope] = useState('all');
  const keys = useApi<KeyPair[]>(`/keys${query({ scope })}`);
  const [problem, setProblem] = useState<string | undefined>(undefined);

  const save = async (event: Event): Promise<void> => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const name = String(data.get('name') ?? '').trim();
    const target = String(data.get('scope') ?? 'system').trim() || 'system';
    setProblem(undefined);
    try {
      await api('PUT', `/keys/${encodeURIComponent(name)}`, {
        value: String(data.get('value') ?? ''),
        secret: data.get('secret') === 'on',
        scope: target,
      });
      form.reset();
      keys.reload();
    } catch (error) {
      setProblem(errorText(error));
    }
  };
  const remove = async (pair: KeyPair): Promise<void> => {
    if (!window.confirm(`Delete key ${pair.name} (${scopeOf(pair)})?`)) return;
    setProblem(undefined);
    try {
      await api('DELETE', `/keys/${encodeURIComponent(pair.name)}${query({ scope: scopeOf(pair) })}`);
      keys.reload();
    } catch (error) {
      setProblem(errorText(error));
    }
  };

  const list = keys.data ?? [];
  return (
    <Page title="Datastore">
      <Section title="Set a key">
        <form class="row wrap" onSubmit={(event) => void save(event)} aria-label="Set a key">
          <label>
            Name
            <input name="name" required pattern="[^\/]+" />
          </label>
          <label class="grow">
            Value
            <input name="value" />
          </label>
          <label>
            Scope
            <input name="scope" defaultValue="system" placeholder="system or user:alice" />
          </label>
          <label class="inline">
            <input type="checkbox" name="secret" /> secret
          </label>
          <button type="submit" class="primary">
            Save
          </button>
        </form>
      </Section>
      <div class="filters">
        <label>
          Scope
          <select value={scope} onChange={(event) => setScope(event.currentTarget.value)} name="scope-filter">
            <option value="all">all</option>
            <option value="system">system</option>
          </select>
        </label>
      </div>
      <Problem text={keys.error ?? problem} />
      <Loading when={keys.loading && !keys.data} />
      <Empty when={!keys.loading && list.length === 0}>No keys in this scope.</Empty>
      {list.length > 0 ? (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Scope</th>
                <th scope="col">Name</th>
                <th scope="col">Value</th>
                <th scope="col">Expires</th>
                <th scope="col">Updated</th>
                <th scope="col">
                  <span class="visually-hidden">Delete</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((pair) => (
                <tr key={pair.uid}>
                  <td>{scopeOf(pair)}</td>
                  <td>{pair.name}</td>
                  <td>
                    <code>{pair.value}</code>
                    {pair.secret ? <span class="muted small"> secret</span> : null}
                  </td>
                  <td>{dateTime(pair.expire_timestamp)}</td>
                  <td>{dateTime(pair.updated_at)}</td>
                  <td>
                    <button
                      type="button"
                      onClick={() => void remove(pair)}
                      aria-label={`Delete ${pair.name}`}
                    >
                      Delete
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
