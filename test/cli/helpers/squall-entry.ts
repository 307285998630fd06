// The `squall` binary run from source (tsx), for tests that need a real process (start, signals).
import { main } from '../../../src/cli/main.js';

main(process.argv).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
