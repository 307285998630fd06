import { randomUUID } from 'node:crypto';

/** core.uuid: a random (version 4) UUID. */
export default function run() {
  return randomUUID();
}
