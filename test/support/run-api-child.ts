// Runs an engine and its API on a home in a separate process, for crash tests: prints
// "LISTENING <url>" once the API answers, then serves until it is killed.
import { createApiServer } from '../../src/api/server.js';
import { silentLogger } from '../../src/common/logger.js';
import { createEngine } from '../../src/engine/create-engine.js';

const [home, bundled] = process.argv.slice(2);
if (!home || !bundled) throw new Error('usage: run-api-child <home> <bundled>');

const engine = await createEngine({
  home,
  bundledPacksDirs: [bundled],
  logger: silentLogger(),
  sensors: false,
});
const server = await createApiServer(engine, { port: 0 });
process.stdout.write(`LISTENING ${server.url}\n`);
setInterval(() => undefined, 1000);
