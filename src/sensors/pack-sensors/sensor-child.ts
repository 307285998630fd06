import { fork, spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import { fileURLToPath } from 'node:url';

import { JsonLines } from '../../common/json-lines.js';
import { pythonHostDir } from '../../common/package-root.js';
import { typescriptImportArgs } from '../../common/typescript-loader.js';
import { childEnvironment } from '../../security/child-environment.js';
import type { SensorDefinition } from '../../snapshot/model/sensor-definition.js';
import type { ParentMessage } from './sensor-protocol.js';

/** How a sensor's process starts: Node with IPC, or Python speaking the same messages on fd 3. */
export type SensorLaunch = { kind: 'node' } | { kind: 'python'; executable: string; env: NodeJS.ProcessEnv };

export interface SensorChildHandlers {
  onMessage(message: unknown): void;
  onExit(code: number | null, signal: NodeJS.Signals | null): void;
  onError(error: Error): void;
  onProblem(problem: string): void;
}

/** A started sensor process, whatever its language. */
export interface SensorChild {
  readonly process: ChildProcess;
  send(message: ParentMessage): void;
}

export function launchSensorChild(
  definition: SensorDefinition,
  launch: SensorLaunch,
  handlers: SensorChildHandlers,
): SensorChild {
  const child = launch.kind === 'python' ? spawnPython(launch) : forkNode(definition);
  child.once('exit', (code, signal) => handlers.onExit(code, signal));
  child.on('error', (error) => handlers.onError(error));
  if (launch.kind === 'node') {
    child.on('message', (message) => handlers.onMessage(message));
    return {
      process: child,
      send: (message) => {
        if (!child.connected) return;
        child.send(message, (error) => {
          if (error) handlers.onProblem(`message to sensor not delivered: ${error.message}`);
        });
      },
    };
  }
  const channel = new JsonLines(child.stdio[3] as Duplex, handlers.onMessage, handlers.onProblem);
  return { process: child, send: (message) => channel.send(message) };
}

function forkNode(definition: SensorDefinition): ChildProcess {
  const host = nodeHostScript();
  return fork(host, [], {
    cwd: path.dirname(definition.entryPath),
    execArgv: typescriptImportArgs(host, definition.entryPath),
    env: childEnvironment(),
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    serialization: 'json',
  });
}

function spawnPython(launch: Extract<SensorLaunch, { kind: 'python' }>): ChildProcess {
  const host = path.join(pythonHostDir(), 'squall_host', 'sensor_host.py');
  return spawn(launch.executable, ['-u', host], {
    env: launch.env,
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
  });
}

/** The host script next to this module: `.ts` when running from src (tests, tsx), `.js` from dist. */
function nodeHostScript(): string {
  const here = fileURLToPath(import.meta.url);
  return path.join(path.dirname(here), `sensor-host${path.extname(here)}`);
}
