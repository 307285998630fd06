// Runs an engine on a home in a separate process, for crash tests: requests `core.local` with the
// given command, prints "RUNNING <execution id>" once it runs, and waits to be killed.
import { createEngine } from '../../src/engine/create-engine.js';
import { silentLogger } from '../../src/common/logger.js';

const [home, bundled, cmd] = process.argv.slice(2);
if (!home || !bundled || !cmd) throw new Error('usage: run-engine-child <home> <bundled> <cmd>');

const engine = await createEngine({
  home,
  bundledPacksDirs: [bundled],
  logger: silentLogger(),
  sensors: false,
});
const execution = await engine.run({ action: 'core.local', parameters: { cmd } });
engine.bus.on('execution.updated').subscribe(() => undefined);
for (;;) {
  const current = await engine.store.getExecution(execution.id);
  if (current?.status === 'running') {
    process.stdout.write(`RUNNING ${execution.id}\n`);
    break;
  }
  await new Promise((resolve) => setTimeout(resolve, 20));
}
setInterval(() => undefined, 1000);
