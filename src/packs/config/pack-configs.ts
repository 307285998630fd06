import type { Subscription } from 'rxjs';

import type { EventBus } from '../../bus/event-bus.js';
import { loadPackConfig, type PackConfigDeps } from './pack-config.js';
import type { SecretRegistry } from '../../security/secret-registry.js';

/**
 * Resolved pack configs (`<home>/configs/<pack>.yaml`), loaded once and kept until content or the
 * datastore changes (their `{{ st2kv.system.x }}` values depend on both). Secret values join the
 * engine's secret registry so that output masks them.
 */
export class PackConfigs {
  readonly #deps: PackConfigDeps;
  readonly #secrets: SecretRegistry;
  #cache = new Map<string, Promise<Record<string, unknown>>>();

  constructor(deps: PackConfigDeps, secrets: SecretRegistry) {
    this.#deps = deps;
    this.#secrets = secrets;
  }

  get(pack: string): Promise<Record<string, unknown>> {
    let config = this.#cache.get(pack);
    if (!config) {
      config = loadPackConfig(pack, this.#deps).then((loaded) => {
        for (const secret of loaded.secrets) this.#secrets.add(secret);
        return loaded.values;
      });
      // A failure is not cached: the next run reads the (perhaps fixed) file again.
      config.catch(() => this.#cache.delete(pack));
      this.#cache.set(pack, config);
    }
    return config;
  }

  invalidate(): void {
    this.#cache = new Map();
  }

  /** Drops the cache whenever content or the datastore changes; returns the subscriptions. */
  follow(bus: EventBus): Subscription[] {
    return [
      bus.on('content.reloaded').subscribe(() => this.invalidate()),
      bus.on('datastore.changed').subscribe(() => this.invalidate()),
    ];
  }
}
