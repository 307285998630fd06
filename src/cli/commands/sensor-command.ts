import type { Command } from 'commander';

import type { SensorView } from '../../api/routes/sensors.js';
import { callAndPrint } from '../call-and-print.js';
import {
  encodeRef,
  queryString,
  withCommonOptions,
  type CommandContext,
  type CommonOptions,
} from '../command-context.js';
import type { SquallApi } from '../connect.js';
import { formatRecord } from '../output/format-record.js';
import { formatTable } from '../output/format-table.js';
import type { Style } from '../output/style.js';

/** `squall sensor list|get`: pack sensors, their process state, restarts and last error. */
export function registerSensorCommand(program: Command, context: CommandContext): void {
  const sensor = program
    .command('sensor')
    .description('pack sensors: code that watches the world and emits triggers');

  withCommonOptions(
    sensor.command('list').description('list pack sensors with state, restarts and last error'),
  )
    .option('-p, --pack <pack>', 'only this pack')
    .action(async (options: CommonOptions & { pack?: string }) => {
      const path = `/sensors${queryString({ pack: options.pack })}`;
      await callAndPrint(
        context,
        options,
        { path, onOpen: (api) => noteInProcess(context, api) },
        formatSensorTable,
      );
    });

  withCommonOptions(sensor.command('get <ref>').description('show one pack sensor')).action(
    async (ref: string, options: CommonOptions) => {
      const path = `/sensors/${encodeRef(ref)}`;
      await callAndPrint(
        context,
        options,
        { path, onOpen: (api) => noteInProcess(context, api) },
        formatSensor,
      );
    },
  );
}

/** Without `squall start`, no sensor runs: say so, so that `stopped` is not mistaken for a fault. */
function noteInProcess(context: CommandContext, api: SquallApi): void {
  if (api.mode !== 'in-process') return;
  context.io.stderr.write(
    `squall: no server is running for ${api.target}; pack sensors run only under \`squall start\`\n`,
  );
}

export function styleSensorState(style: Style, state: string): string {
  if (state === 'running') return style.green(state);
  if (state === 'failed' || state === 'backoff') return style.red(state);
  if (state === 'starting') return style.yellow(state);
  return style.dim(state);
}

export function formatSensorTable(sensors: readonly SensorView[], style: Style): string {
  return formatTable(
    [
      { header: 'ref', value: (s: SensorView) => s.ref },
      {
        header: 'state',
        value: (s: SensorView) => s.state,
        style: (text) => styleSensorState(style, text.trim()),
      },
      { header: 'restarts', value: (s: SensorView) => s.restarts },
      { header: 'pid', value: (s: SensorView) => s.pid },
      { header: 'triggers', value: (s: SensorView) => s.trigger_types.join(', '), maxWidth: 40 },
      { header: 'last error', value: (s: SensorView) => firstLine(s.last_error) },
    ],
    sensors,
    style,
  );
}

export function formatSensor(sensor: SensorView, style: Style): string {
  return formatRecord(
    [
      { label: 'ref', value: sensor.ref },
      { label: 'state', value: sensor.state, style: (text) => styleSensorState(style, text) },
      { label: 'description', value: sensor.description },
      { label: 'enabled', value: sensor.enabled },
      { label: 'entry_point', value: sensor.entry_point },
      { label: 'poll_interval', value: sensor.poll_interval ?? undefined },
      { label: 'trigger_types', value: sensor.trigger_types },
      { label: 'pid', value: sensor.pid ?? undefined },
      { label: 'restarts', value: sensor.restarts },
      { label: 'started_at', value: sensor.started_at ?? undefined },
      { label: 'next_restart_at', value: sensor.next_restart_at ?? undefined },
      { label: 'last_error', value: sensor.last_error ?? undefined },
      { label: 'metadata_file', value: sensor.metadata_file },
    ],
    style,
  );
}

/** A stack's first line is the message; the table has room for nothing more. */
function firstLine(text: string | null): string {
  return (text ?? '').split('\n')[0] ?? '';
}
