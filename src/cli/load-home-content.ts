import { createRunnerRegistry } from '../actions/create-runner-registry.js';
import type { RunnerRegistry } from '../actions/runner.js';
import { EventBus } from '../bus/event-bus.js';
import { silentLogger } from '../common/logger.js';
import { bundledPacksDir } from '../common/package-root.js';
import { assertHomeOutsideBundledPacks } from '../config/squall-home.js';
import { ContentManager } from '../snapshot/content-manager.js';
import type { ContentSnapshot } from '../snapshot/model/content-snapshot.js';

/**
 * A home's content (bundled packs, the home's packs and its own files) as the engine loads it, for
 * CLI commands that must not open the store or start anything. Load problems are kept in the
 * snapshot's issues, not logged.
 */
export async function openHomeContent(
  home: string,
  runners: RunnerRegistry = createRunnerRegistry(),
): Promise<ContentManager> {
  assertHomeOutsideBundledPacks(home, [bundledPacksDir()]);
  return ContentManager.open({
    home,
    bundledPacksDirs: [bundledPacksDir()],
    logger: silentLogger(),
    bus: new EventBus(),
    runners,
  });
}

/** One load of the home's content (see openHomeContent). */
export async function loadHomeContent(home: string): Promise<ContentSnapshot> {
  return (await openHomeContent(home)).current();
}
