import type { SensorContext, TriggerSensor, TriggerUse } from '../sensor.js';
import { WEBHOOK_TRIGGER, WEBHOOK_TRIGGER_TYPES } from './webhook-trigger-types.js';

/** A hook's url as st2 keys it: without leading or trailing slashes. */
export function normalizeHookUrl(url: string): string {
  return url.replace(/^\/+|\/+$/g, '');
}

/** Which `core.st2.webhook` triggers listen on which url; filled by the webhook sensor. */
export class WebhookRegistry {
  private readonly byUrl = new Map<string, Map<string, TriggerUse>>();

  add(use: TriggerUse): void {
    const url = hookUrlOf(use);
    let uses = this.byUrl.get(url);
    if (!uses) {
      uses = new Map();
      this.byUrl.set(url, uses);
    }
    uses.set(use.key, use);
  }

  remove(use: TriggerUse): void {
    const url = hookUrlOf(use);
    const uses = this.byUrl.get(url);
    uses?.delete(use.key);
    if (uses?.size === 0) this.byUrl.delete(url);
  }

  /** The trigger uses listening on a url (empty when the hook is unknown). */
  get(url: string): TriggerUse[] {
    return [...(this.byUrl.get(normalizeHookUrl(url))?.values() ?? [])];
  }

  urls(): string[] {
    return [...this.byUrl.keys()].sort();
  }
}

function hookUrlOf(use: TriggerUse): string {
  const url = use.parameters['url'];
  return normalizeHookUrl(typeof url === 'string' ? url : String(url));
}

/** The `core.st2.webhook` sensor: rules' webhook triggers become registry entries the routes serve. */
export function createWebhookSensor(ctx: SensorContext, registry: WebhookRegistry): TriggerSensor {
  const logger = ctx.logger.child({ sensor: 'webhooks' });
  return {
    name: 'webhooks',
    triggerTypes: WEBHOOK_TRIGGER_TYPES,
    add(use) {
      if (use.type !== WEBHOOK_TRIGGER) return;
      registry.add(use);
      logger.info({ url: `/api/v1/webhooks/${hookUrlOf(use)}` }, 'listening to webhook');
    },
    remove(use) {
      if (use.type !== WEBHOOK_TRIGGER) return;
      registry.remove(use);
      if (registry.get(hookUrlOf(use)).length === 0) {
        logger.info({ url: `/api/v1/webhooks/${hookUrlOf(use)}` }, 'stopped listening to webhook');
      }
    },
    async stop() {},
  };
}
