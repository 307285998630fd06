// Runs an engine on a home in a separate process, for crash tests. `ask <action>`: requests the
// action and prints "PENDING <execution id> <inquiry id>" once one of its inquiries waits.
// `twice <action> <json parameters> <json parameters>`: requests it twice and prints
// "DELAYED <first> <second>" once the second is delayed. Then it waits to be killed.
import { createEngine } from '../../src/engine/create-engine.js';
import { silentLogger } from '../../src/common/logger.js';

const [home, bundled, mode, action, ...rest] = process.argv.slice(2);
if (!home || !bundled || !action)
  throw new Error('usage: run-chain-engine-child <home> <bundled> ask|twice <action> ...');

const engine = await createEngine({
  home,
  bundledPacksDirs: [bundled],
  logger: silentLogger(),
  sensors: false,
});
const sleep = () => new Promise((resolve) => setTimeout(resolve, 20));
if (mode === 'ask') {
  const execution = await engine.run({ action });
  for (;;) {
    const [inquiry] = await engine.inquiries.list();
    if (inquiry?.parent === execution.id) {
      process.stdout.write(`PENDING ${execution.id} ${inquiry.id}\n`);
      break;
    }
    await sleep();
  }
} else {
  const parameters = rest.map((text) => JSON.parse(text) as Record<string, unknown>);
  const first = await engine.run({ action, parameters: parameters[0] ?? {} });
  while ((await engine.store.getExecution(first.id))?.status !== 'running') await sleep();
  const second = await engine.run({ action, parameters: parameters[1] ?? {} });
  while ((await engine.store.getExecution(second.id))?.status !== 'delayed') await sleep();
  process.stdout.write(`DELAYED ${first.id} ${second.id}\n`);
}
setInterval(() => undefined, 1000);
