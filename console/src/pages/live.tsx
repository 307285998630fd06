import { useEffect, useRef, useState } from 'preact/hooks';

import { Empty, Page, Status } from '../components/common';
import { shortTime } from '../lib/format';
import { openStream, type StreamMessage, type StreamState } from '../lib/stream';
import type { Enforcement, Execution, TriggerInstance } from '../lib/types';

interface LiveRow {
  /** The record's id: an execution's updates replace its row. */
  id: string;
  kind: 'trigger instance' | 'rule enforcement' | 'execution';
  time: string;
  ref: string;
  rule?: string;
  action?: string;
  status: string;
  detail: string;
  link: string;
}

const LIVE_EVENTS = [
  'st2.trigger_instances_dispatch__trigger_instance',
  'st2.rule_enforcement__create',
  'st2.execution__create',
  'st2.execution__update',
];
const KEEP = 500;

function rowOf(message: StreamMessage): LiveRow | undefined {
  switch (message.event) {
    case 'st2.trigger_instances_dispatch__trigger_instance': {
      const instance = message.data as TriggerInstance;
      return {
        id: instance.id,
        kind: 'trigger instance',
        time: instance.occurrence_time,
        ref: instance.trigger,
        status: instance.status,
        detail: JSON.stringify(instance.payload ?? {}).slice(0, 160),
        link: `/trace/${encodeURIComponent(instance.id)}`,
      };
    }
    case 'st2.rule_enforcement__create': {
      const enforcement = message.data as Enforcement;
      return {
        id: enforcement.id,
        kind: 'rule enforcement',
        time: enforcement.enforced_at,
        ref: enforcement.rule.ref,
        rule: enforcement.rule.ref,
        status: enforcement.status,
        detail:
          enforcement.failure_reason ?? (enforcement.execution_id ? `→ ${enforcement.execution_id}` : ''),
        link: enforcement.execution_id
          ? `/executions/${encodeURIComponent(enforcement.execution_id)}`
          : `/rules/${encodeURIComponent(enforcement.rule.ref)}`,
      };
    }
    case 'st2.execution__create':
    case 'st2.execution__update': {
      const execution = message.data as Execution;
      return {
        id: execution.id,
        kind: 'execution',
        time: execution.created_at,
        ref: execution.action,
        ...(execution.rule ? { rule: execution.rule } : {}),
        action: execution.action,
        status: execution.status,
        detail: execution.error ?? '',
        link: `/executions/${encodeURIComponent(execution.id)}`,
      };
    }
    default:
      return undefined;
  }
}

interface Filters {
  pack: string;
  rule: string;
  action: string;
  status: string;
}

function shown(row: LiveRow, filters: Filters): boolean {
  const has = (wanted: string, value: string | undefined): boolean =>
    wanted === '' || (value ?? '').toLowerCase().includes(wanted.toLowerCase());
  const pack = row.ref.split('.')[0];
  return (
    has(filters.pack, pack) &&
    has(filters.rule, row.rule) &&
    has(filters.action, row.action) &&
    (filters.status === '' || row.status === filters.status)
  );
}

/** Trigger instances, enforcements and executions as the stream announces them. */
export function LivePage() {
  const [rows, setRows] = useState<LiveRow[]>([]);
  const [paused, setPaused] = useState(false);
  const [held, setHeld] = useState(0);
  const [state, setState] = useState<{ state: StreamState; error?: string }>({ state: 'connecting' });
  const [filters, setFilters] = useState<Filters>({ pack: '', rule: '', action: '', status: '' });
  const pausedRef = useRef(false);
  const buffer = useRef<LiveRow[]>([]);

  const merge = (incoming: LiveRow[]): void =>
    setRows((current) => {
      let next = current;
      for (const row of incoming) {
        const at = next.findIndex((existing) => existing.id === row.id);
        next = at >= 0 ? next.map((existing, index) => (index === at ? row : existing)) : [row, ...next];
      }
      return next.slice(0, KEEP);
    });

  useEffect(
    () =>
      openStream({
        events: LIVE_EVENTS,
        onState: (next, error) => setState(error === undefined ? { state: next } : { state: next, error }),
        onMessage: (message) => {
          const row = rowOf(message);
          if (!row) return;
          if (pausedRef.current) {
            buffer.current.push(row);
            setHeld(buffer.current.length);
          } else merge([row]);
        },
      }),
    [],
  );

  const toggle = (): void => {
    const next = !paused;
    pausedRef.current = next;
    setPaused(next);
    if (!next) {
      merge(buffer.current);
      buffer.current = [];
      setHeld(0);
    }
  };
  const visible = rows.filter((row) => shown(row, filters));
  const field = (name: keyof Filters, label: string) => (
    <label>
      {label}
      <input
        type="search"
        name={name}
        value={filters[name]}
        onInput={(event) => setFilters({ ...filters, [name]: event.currentTarget.value })}
      />
    </label>
  );

  return (
    <Page
      title="Live"
      actions={
        <>
          <span class={`stream-state ${state.state}`} role="status" title={state.error}>
            {state.state === 'open' ? 'connected' : state.state}
            {paused ? ` · paused (${held} waiting)` : ''}
          </span>
          <button type="button" onClick={toggle} aria-pressed={paused}>
            {paused ? 'Resume' : 'Pause'}
          </button>
        </>
      }
    >
      <form class="filters" onSubmit={(event) => event.preventDefault()} aria-label="Filters">
        {field('pack', 'Pack')}
        {field('rule', 'Rule')}
        {field('action', 'Action')}
        <label>
          Status
          <select
            name="status"
            value={filters.status}
            onChange={(event) => setFilters({ ...filters, status: event.currentTarget.value })}
          >
            <option value="">any</option>
            {[
              'requested',
              'scheduled',
              'running',
              'succeeded',
              'failed',
              'timeout',
              'canceled',
              'processed',
            ].map((status) => (
              <option key={status} value={status}>
                {status}
              </option>
            ))}
          </select>
        </label>
      </form>
      <Empty when={visible.length === 0}>
        Waiting for events. Post a webhook or run an action and it shows here as it happens.
      </Empty>
      {visible.length > 0 ? (
        <div class="table-wrap">
          <table class="live-table">
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Kind</th>
                <th scope="col">Ref</th>
                <th scope="col">Status</th>
                <th scope="col">Detail</th>
              </tr>
            </thead>
            <tbody>
              {visible.map((row) => (
                <tr key={row.id} data-kind={row.kind}>
                  <td>{shortTime(row.time)}</td>
                  <td>{row.kind}</td>
                  <td>
                    <a href={row.link}>{row.ref}</a>
                  </td>
                  <td>
                    <Status value={row.status} />
                  </td>
                  <td class="detail">
                    {row.detail}{' '}
                    <a href={`/trace/${encodeURIComponent(row.id)}`} class="trace-link">
                      trace
                    </a>
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
