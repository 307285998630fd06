import { Empty, Loading, Page, Problem, Status } from '../components/common';
import { query } from '../lib/api';
import { dateTime } from '../lib/format';
import { setQuery } from '../lib/router';
import type { Execution } from '../lib/types';
import { useApi } from '../lib/use-api';

const PAGE_SIZE = 25;
const STATUSES = [
  'requested',
  'scheduled',
  'running',
  'succeeded',
  'failed',
  'timeout',
  'canceled',
  'abandoned',
];

/** Executions, newest first, filtered by action, rule and status, a page at a time. */
export function ExecutionsPage({ params }: { params: URLSearchParams }) {
  const action = params.get('action') ?? '';
  const rule = params.get('rule') ?? '';
  const status = params.get('status') ?? '';
  const page = Math.max(0, Number(params.get('page') ?? '0') || 0);
  const list = useApi<Execution[]>(
    `/executions${query({ action, rule, status, limit: PAGE_SIZE + 1, offset: page * PAGE_SIZE })}`,
  );
  const rows = (list.data ?? []).slice(0, PAGE_SIZE);
  const more = (list.data ?? []).length > PAGE_SIZE;
  return (
    <Page
      title="Executions"
      actions={
        <button type="button" onClick={list.reload}>
          Refresh
        </button>
      }
    >
      <form
        class="filters"
        aria-label="Filters"
        onSubmit={(event) => {
          event.preventDefault();
          const form = new FormData(event.currentTarget);
          setQuery({
            action: String(form.get('action') ?? ''),
            rule: String(form.get('rule') ?? ''),
            status: String(form.get('status') ?? ''),
            page: undefined,
          });
        }}
      >
        <label>
          Action
          <input name="action" defaultValue={action} placeholder="core.local" />
        </label>
        <label>
          Rule
          <input name="rule" defaultValue={rule} placeholder="pack.rule" />
        </label>
        <label>
          Status
          <select name="status" defaultValue={status}>
            <option value="">any</option>
            {STATUSES.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">Filter</button>
      </form>
      <Problem text={list.error} />
      <Loading when={list.loading && !list.data} />
      <Empty when={!list.loading && rows.length === 0}>No executions match.</Empty>
      {rows.length > 0 ? (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Action</th>
                <th scope="col">Status</th>
                <th scope="col">Started</th>
                <th scope="col">Took</th>
                <th scope="col">Rule</th>
                <th scope="col">By</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((execution) => (
                <tr key={execution.id}>
                  <td>
                    <a href={`/executions/${encodeURIComponent(execution.id)}`}>{execution.action}</a>
                  </td>
                  <td>
                    <Status value={execution.status} />
                  </td>
                  <td>{dateTime(execution.start_timestamp ?? execution.created_at)}</td>
                  <td>{execution.elapsed_seconds === null ? '' : `${execution.elapsed_seconds} s`}</td>
                  <td>{execution.rule ?? ''}</td>
                  <td>{String(execution.context['user'] ?? execution.context['source'] ?? '')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <nav class="pager" aria-label="Pages of executions">
        <button type="button" disabled={page === 0} onClick={() => setQuery({ page: page - 1 || undefined })}>
          Newer
        </button>
        <span>Page {page + 1}</span>
        <button type="button" disabled={!more} onClick={() => setQuery({ page: page + 1 })}>
          Older
        </button>
      </nav>
    </Page>
  );
}
