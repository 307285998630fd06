import path from 'node:path';

import { createRunnerRegistry } from '../../actions/create-runner-registry.js';
import { createInternalRunner } from '../../actions/runners/internal.js';
import { loadConfig } from '../../config/load-config.js';
import type { SquallConfig } from '../../config/squall-config.js';
import { createSecretBox, loadOrCreateSecretKey, type SecretBox } from '../../datastore/secret-box.js';
import type { Logger } from '../../common/logger.js';
import type { ContentSnapshot } from '../../snapshot/model/content-snapshot.js';
import type { CliIo } from '../cli-io.js';
import { cliLogger } from '../cli-logger.js';
import { connect } from '../connect.js';
import { openHomeContent } from '../load-home-content.js';
import { readServerRecord } from '../server-file.js';

/**
 * A home's packs seen from the CLI without opening its store: pack install, remove and config
 * change files, and a running `squall start` on the home is then told to reload.
 */
export interface LocalHome {
  home: string;
  config: SquallConfig;
  logger: Logger;
  snapshot(): ContentSnapshot;
  /** Reloads the running server when there is one, then the local view. */
  reload(): Promise<ContentSnapshot>;
  secretBox(): SecretBox;
}

export async function openLocalHome(home: string, io: CliIo): Promise<LocalHome> {
  const config = await loadConfig(home, io.env);
  const logger = cliLogger(io, { fallbackLevel: 'error' });
  const runners = createRunnerRegistry({ extra: [createInternalRunner(new Map())] });
  const content = await openHomeContent(home, runners);
  return {
    home,
    config,
    logger,
    snapshot: () => content.current(),
    async reload() {
      if (await readServerRecord(home)) {
        const api = await connect(home, io);
        try {
          await api.call('POST', '/packs/reload');
        } finally {
          await api.close();
        }
      }
      return content.reload();
    },
    secretBox: () => createSecretBox(loadOrCreateSecretKey(path.join(home, 'data'), io.env)),
  };
}
