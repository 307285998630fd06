import { mkdir } from 'node:fs/promises';
import path from 'node:path';

import type { RunnerRegistry } from '../actions/runner.js';
import type { EventBus } from '../bus/event-bus.js';
import type { TriggerDispatcher } from '../domain/trigger.js';
import type { TriggerType } from './model/trigger-type.js';
import type { Logger } from '../common/logger.js';
import type { ContentIssue, ContentSnapshot } from './model/content-snapshot.js';
import { loadContent, type ContentSources } from './load-content.js';
import { errorMessage } from '../common/errors.js';
import type { BuiltinSensors } from '../sensors/builtin-sensors.js';
import { BUILTIN_TRIGGER_TYPES } from './builtin-trigger-types.js';
import { CONTENT_INVALID_TRIGGER } from './internal-triggers.js';
import { watchContent, type ContentWatcher } from './content-watcher.js';
import { TriggerUseRouter } from './trigger-uses.js';

export interface ContentManagerOptions {
  home: string;
  bundledPacksDirs: readonly string[];
  logger: Logger;
  bus: EventBus;
  runners: RunnerRegistry;
}

/**
 * Owns the serving snapshot: loads it, reloads beside it and swaps in one assignment, then tells the
 * sensors which triggers appeared or went away.
 */
export class ContentManager {
  readonly #options: ContentManagerOptions;
  #snapshot: ContentSnapshot | undefined;
  #sensors: BuiltinSensors | undefined;
  #changedPaths = new Set<string>();
  #router: TriggerUseRouter | undefined;
  #dispatcher: TriggerDispatcher | undefined;
  #reloading: Promise<ContentSnapshot> | undefined;
  #followUp: Promise<ContentSnapshot> | undefined;
  #watcher: ContentWatcher | undefined;

  constructor(options: ContentManagerOptions) {
    this.#options = options;
  }

  current(): ContentSnapshot {
    if (!this.#snapshot) throw new Error('content: not loaded yet');
    return this.#snapshot;
  }

  sources(): ContentSources {
    const { home, bundledPacksDirs } = this.#options;
    return {
      packRoots: [
        ...bundledPacksDirs.map((dir) => ({ dir, bundled: true })),
        { dir: path.join(home, 'packs'), bundled: false },
      ],
      localDir: home,
      // Pack sensors' trigger types come from their metadata files, loaded with the content.
      // Pack sensors' trigger types come from their metadata files, loaded with the content; embedders'
      // extra sensors add theirs.
      builtinTriggerTypes: [...BUILTIN_TRIGGER_TYPES, ...this.#extraTriggerTypes()],
      runners: this.#options.runners,
    };
  }

  #extraTriggerTypes(): TriggerType[] {
    const known = new Set(BUILTIN_TRIGGER_TYPES.map((type) => type.ref));
    return (this.#sensors?.all ?? [])
      .filter((sensor) => sensor !== this.#sensors?.packSensors)
      .flatMap((sensor) => sensor.triggerTypes)
      .filter((type) => !known.has(type.ref));
  }

  async load(): Promise<ContentSnapshot> {
    return this.reload();
  }

  /**
   * Builds a new snapshot and swaps it in. While one reload runs, later calls share one follow-up
   * reload that starts after it, so the last write before a call is always seen.
   */
  reload(): Promise<ContentSnapshot> {
    const running = this.#reloading;
    if (running) {
      this.#followUp ??= running
        .catch(() => undefined)
        .then(() => {
          this.#followUp = undefined;
          return this.reload();
        });
      return this.#followUp;
    }
    const started = this.#reload().finally(() => {
      if (this.#reloading === started) this.#reloading = undefined;
    });
    this.#reloading = started;
    return started;
  }

  async #reload(): Promise<ContentSnapshot> {
    const previous = this.#snapshot;
    const changedPaths = this.#changedPaths;
    this.#changedPaths = new Set();
    const next = await loadContent(this.sources(), previous);
    this.#snapshot = next;
    if (this.#router) await this.#syncPackSensors(previous, next, changedPaths);
    const changes = this.#router?.apply(next);
    this.#report(previous, next, changes?.added.length ?? 0, changes?.removed.length ?? 0);
    return next;
  }

  /** The sensors whose trigger types are part of the content; call before the first load. */
  attachSensors(sensors: BuiltinSensors): void {
    this.#sensors = sensors;
  }

  /** Starts handing the sensors the triggers the current rules use (timers start firing now). */
  async startSensors(dispatcher: TriggerDispatcher): Promise<void> {
    const sensors = this.#sensors;
    if (!sensors) throw new Error('content: attachSensors() first');
    this.#dispatcher = dispatcher;
    this.#router = new TriggerUseRouter(sensors.all, (use, error) => {
      this.#options.logger.error(
        { trigger: use.type, parameters: use.parameters, err: errorMessage(error) },
        'a sensor refused a trigger used by rules',
      );
    });
    const current = this.current();
    await this.#syncPackSensors(undefined, current, new Set());
    this.#router.apply(current);
    // Files that failed at the first load were only logged: the dispatcher exists from here on.
    for (const issue of current.issues) this.#emitInvalid(issue);
  }

  /**
   * Starts new pack sensors, stops removed ones, and restarts only the sensors whose metadata,
   * module folder or pack config changed.
   */
  async #syncPackSensors(
    previous: ContentSnapshot | undefined,
    next: ContentSnapshot,
    changedPaths: ReadonlySet<string>,
  ): Promise<void> {
    const supervisor = this.#sensors?.all.includes(this.#sensors.packSensors)
      ? this.#sensors.packSensors
      : undefined;
    if (!supervisor) return;
    for (const ref of previous?.sensors.keys() ?? []) {
      if (!next.sensors.has(ref)) await supervisor.delete(ref);
    }
    const configs = path.join(this.#options.home, 'configs');
    // Sensors of a pack share one folder: a file that is some sensor's own module or metadata
    // restarts that sensor only; any other file there (a shared helper) restarts them all.
    const ownFiles = new Set([...next.sensors.values()].flatMap((sensor) => [sensor.entryPath, sensor.file]));
    for (const definition of next.sensors.values()) {
      const before = previous?.sensors.get(definition.ref);
      const moduleDir = path.dirname(definition.entryPath) + path.sep;
      const touched = [...changedPaths].some(
        (file) =>
          file === definition.entryPath ||
          (file.startsWith(moduleDir) && !ownFiles.has(file)) ||
          file === path.join(configs, `${definition.pack}.yaml`),
      );
      if (!before || JSON.stringify(before) !== JSON.stringify(definition))
        await supervisor.upsert(definition);
      else if (touched) await supervisor.reload(definition.ref);
    }
  }

  /**
   * Reloads when content files change (packs, rules, sensors, configs). A reload already running
   * is followed by one more, so the last write is always seen.
   */
  async watch(): Promise<void> {
    const { home } = this.#options;
    const folders = ['packs', 'rules', 'sensors', 'configs'].map((folder) => path.join(home, folder));
    await Promise.all(folders.map((folder) => mkdir(folder, { recursive: true })));
    this.#watcher = watchContent({
      folders,
      onChange: (paths) => {
        this.#options.logger.debug({ paths }, 'content files changed; reloading');
        for (const file of paths) this.#changedPaths.add(path.resolve(file));
        void this.reload().catch((error: unknown) =>
          this.#options.logger.error({ err: error }, 'reload failed'),
        );
      },
    });
    await this.#watcher.ready;
  }

  async stop(): Promise<void> {
    await this.#watcher?.close();
    await this.#followUp?.catch(() => undefined);
    await this.#reloading?.catch(() => undefined);
    this.#router?.clear();
    await Promise.all((this.#sensors?.all ?? []).map((sensor) => sensor.stop()));
  }

  /** `squall.content.invalid` for a file that failed to load, so rules can alert on it. */
  #emitInvalid(issue: ContentIssue): void {
    if (issue.severity !== 'error' || !this.#dispatcher) return;
    const payload = {
      kind: issue.kind,
      pack: issue.pack,
      file: issue.file,
      line: issue.line ?? null,
      code: issue.code,
      message: issue.message,
      kept_previous: issue.keptPrevious ?? false,
    };
    this.#dispatcher.dispatch(CONTENT_INVALID_TRIGGER, payload, { source: 'engine' }).catch(() => undefined);
  }

  #report(
    previous: ContentSnapshot | undefined,
    next: ContentSnapshot,
    added: number,
    removed: number,
  ): void {
    const { logger, bus } = this.#options;
    const rules = diffKeys(previous?.rules, next.rules, (rule) => JSON.stringify(rule.spec));
    const summary =
      `content v${next.version}: ${next.packs.size} packs, ${next.actions.size} actions, ${next.rules.size} rules` +
      ` (rules +${rules.added} ~${rules.changed} -${rules.removed}; triggers +${added} -${removed})`;
    logger.info({ version: next.version, rules, issues: next.issues.length }, summary);
    const previousIssues = new Set(previous?.issues.map((issue) => `${issue.file}\u0000${issue.message}`));
    for (const issue of next.issues) {
      const log = issue.severity === 'error' ? logger.error.bind(logger) : logger.warn.bind(logger);
      if (previousIssues.has(`${issue.file}\u0000${issue.message}`)) continue;
      log(
        { file: issue.file, line: issue.line, code: issue.code, kept_previous: issue.keptPrevious ?? false },
        issue.message,
      );
      this.#emitInvalid(issue);
    }
    bus.publish('content.reloaded', { version: next.version, summary });
  }
}

function diffKeys<T>(
  before: ReadonlyMap<string, T> | undefined,
  after: ReadonlyMap<string, T>,
  fingerprint: (value: T) => string,
) {
  let added = 0;
  let changed = 0;
  for (const [key, value] of after) {
    const old = before?.get(key);
    if (old === undefined) added++;
    else if (old !== value && fingerprint(old) !== fingerprint(value)) changed++;
  }
  const removed = before ? [...before.keys()].filter((key) => !after.has(key)).length : 0;
  return { added, changed, removed };
}
