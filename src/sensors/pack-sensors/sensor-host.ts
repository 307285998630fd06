/**
 * Entry point of a pack sensor's child process (forked by SensorProcess). Everything it needs
 * arrives over IPC; it exits when the parent goes away.
 */
import type { ChildMessage, ParentMessage } from './sensor-protocol.js';
import { SensorRuntime } from './sensor-runtime.js';

const send = (message: ChildMessage): void => {
  if (process.connected) process.send?.(message);
};
// Let the IPC message flush before the process ends.
const exit = (code: number): void => {
  if (process.connected)
    process.send?.({ type: 'log', level: 'debug', message: `exiting ${code}` }, () => process.exit(code));
  else process.exit(code);
};

const runtime = new SensorRuntime(send, exit);
process.on('message', (message) => runtime.handle(message as ParentMessage));
process.on('disconnect', () => process.exit(0));
process.on('uncaughtException', (error) => runtime.fatal(error));
process.on('unhandledRejection', (reason) => runtime.fatal(reason));
