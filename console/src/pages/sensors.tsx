import { Empty, Loading, Page, Problem, Status } from '../components/common';
import { dateTime } from '../lib/format';
import type { Sensor } from '../lib/types';
import { useApi } from '../lib/use-api';

/** Pack sensors: running, in backoff or failed, with restarts and the last error. */
export function SensorsPage() {
  const sensors = useApi<Sensor[]>('/sensors');
  const list = sensors.data ?? [];
  return (
    <Page
      title="Sensors"
      actions={
        <button type="button" onClick={sensors.reload}>
          Refresh
        </button>
      }
    >
      <Problem text={sensors.error} />
      <Loading when={sensors.loading && !sensors.data} />
      <Empty when={!sensors.loading && list.length === 0}>No pack sensors are loaded.</Empty>
      {list.length > 0 ? (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Sensor</th>
                <th scope="col">State</th>
                <th scope="col">Restarts</th>
                <th scope="col">Since</th>
                <th scope="col">Next restart</th>
                <th scope="col">Last error</th>
              </tr>
            </thead>
            <tbody>
              {list.map((sensor) => (
                <tr key={sensor.ref}>
                  <td>
                    {sensor.ref}
                    <div class="muted small">{sensor.trigger_types.join(', ')}</div>
                  </td>
                  <td>
                    <Status value={sensor.state} />
                  </td>
                  <td>{sensor.restarts}</td>
                  <td>{dateTime(sensor.started_at)}</td>
                  <td>{dateTime(sensor.next_restart_at)}</td>
                  <td class="problem-text">{sensor.last_error ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </Page>
  );
}
