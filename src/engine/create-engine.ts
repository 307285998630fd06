import { mkdir } from 'node:fs/promises';
import path from 'node:path';

import type { Subscription } from 'rxjs';

import { createActionExecutor } from '../actions/action-executor.js';
import { createRunnerRegistry } from '../actions/create-runner-registry.js';
import { createInternalRunner, type InternalAction } from '../actions/runners/internal.js';
import type { RunnerRegistry } from '../actions/runner.js';
import { EventBus } from '../bus/event-bus.js';
import { loadConfig } from '../config/load-config.js';
import type { SquallConfig } from '../config/squall-config.js';
import { createDatastore, type Datastore } from '../datastore/datastore.js';
import { createSecretBox, loadOrCreateSecretKey } from '../datastore/secret-box.js';
import type { Execution } from '../domain/execution.js';
import type { DispatchOptions, TriggerInstance } from '../domain/trigger.js';
import { createLogger, type Logger } from '../logger.js';
import type { ContentSnapshot } from '../packs/content-snapshot.js';
import type { SensorStatus } from '../sensors/pack-sensors/sensor-supervisor.js';
import type { WebhookRegistry } from '../sensors/webhooks/webhook-registry.js';
import { createBuiltinSensors } from './builtin-sensors.js';
import { bundledPacksDir } from '../package-root.js';
import { createMemoryQueue } from '../queue/drivers/memory.js';
import type { ExecutionQueue } from '../queue/queue.js';
import { createStore } from '../store/create-store.js';
import type { Store } from '../store/store.js';
import type { TemplateContext } from '../templates/template-types.js';
import { ContentManager } from './content-manager.js';
import type { EngineOptions } from './engine-options.js';
import { createExecutionService, type ExecutionRequest, type ExecutionService } from './execution-service.js';
import { ACTION_TRIGGER, SENSOR_EXIT_TRIGGER, SENSOR_SPAWN_TRIGGER } from './internal-triggers.js';
import { recoverUnfinishedWork } from './recovery.js';
import { createRuleEnforcer, type RuleEnforcer } from './rule-enforcer.js';
import { createTriggerDispatcher } from './trigger-dispatcher.js';

/** The running engine, for the CLI, the API and TypeScript users who embed Squall. */
export interface Engine {
  readonly home: string;
  readonly config: SquallConfig;
  readonly store: Store;
  readonly bus: EventBus;
  readonly datastore: Datastore;
  readonly runners: RunnerRegistry;
  /** Webhook urls that enabled rules listen on (the API serves `POST /api/v1/webhooks/<url>`). */
  readonly webhooks: WebhookRegistry;
  /** Pack sensors: state, restarts, last error. */
  sensorStatus(): SensorStatus[];
  /** Registers a built-in action implementation (`runner_type: squall-internal`, `entry_point: name`). */
  registerInternalAction(name: string, action: InternalAction): void;
  readonly logger: Logger;
  /** The content snapshot serving now. */
  snapshot(): ContentSnapshot;
  dispatch(trigger: string, payload: unknown, options?: DispatchOptions): Promise<TriggerInstance>;
  /** Requests an execution (stored, then queued) and resolves with the requested record. */
  run(request: ExecutionRequest): Promise<Execution>;
  waitForExecution(id: string, options?: { timeoutMs?: number }): Promise<Execution>;
  cancelExecution(id: string): Promise<boolean>;
  reload(): Promise<ContentSnapshot>;
  /** Resolves when every accepted trigger instance is matched and every queued execution has ended. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/** Opens the store, loads content, recovers unfinished work and starts matching and running. */
export async function createEngine(options: EngineOptions): Promise<Engine> {
  const home = path.resolve(options.home);
  const dataDir = options.dataDir ?? path.join(home, 'data');
  await mkdir(dataDir, { recursive: true });
  const fileConfig = await loadConfig(home);
  const config: SquallConfig = { ...fileConfig, ...options.config };
  const logger = options.logger ?? createLogger();
  const store = options.store ?? (await createStore(config.store));
  const ownsStore = options.store === undefined;
  await store.migrate();
  const queue: ExecutionQueue =
    options.queue ??
    createMemoryQueue({
      onHandlerError: (error) => logger.error({ err: error }, 'execution handler failed'),
    });

  const bus = new EventBus();
  const secretBox = createSecretBox(await loadOrCreateSecretKey(dataDir));
  const dispatcherRef: { current?: (trigger: string, payload: unknown) => Promise<unknown> } = {};
  const datastore = createDatastore({
    store,
    secretBox,
    onChange: (change) => {
      void dispatcherRef
        .current?.(`core.st2.key_value_pair.${change.type}`, kvPayload(change))
        .catch(() => {});
    },
  });
  await datastore.load();

  // Built-in management actions (packs.install, packs.deploy, ...) are registered once the engine's
  // services exist; the runner reads the map at run time.
  const internalActions = new Map<string, InternalAction>();
  const runners = createRunnerRegistry({ extra: [createInternalRunner(internalActions)] });
  const content = new ContentManager({
    home,
    bundledPacksDirs: options.bundledPacksDirs ?? [bundledPacksDir()],
    logger,
    bus,
    runners,
  });
  const snapshot = (): ContentSnapshot => content.current();
  const templateContext = (user: string | undefined): TemplateContext => ({
    kv: datastore.lookup,
    decrypt: (ciphertext: string) => datastore.decrypt(ciphertext),
    ...(user ? { user } : {}),
  });

  const dispatcher = createTriggerDispatcher({ store, bus, snapshot });
  const sensors = createBuiltinSensors(
    {
      dispatcher,
      logger,
      datastore,
      packConfig: async () => ({}),
      onProcessEvent: (event) => {
        const trigger = event.type === 'spawn' ? SENSOR_SPAWN_TRIGGER : SENSOR_EXIT_TRIGGER;
        dispatcher.dispatch(trigger, { object: event }, { source: 'engine' }).catch(() => undefined);
      },
    },
    options.sensors !== false,
  );
  sensors.all.push(...(options.extraSensors ?? []));
  content.attachSensors(sensors);
  await content.load();
  dispatcherRef.current = (trigger, payload) => dispatcher.dispatch(trigger, payload, { source: 'engine' });
  const executions: ExecutionService = createExecutionService({
    store,
    queue,
    bus,
    cipher: secretBox,
    snapshot,
    runners,
    templateContext,
  });
  const publishFinished = (execution: Execution): void => {
    bus.publish('execution.updated', execution);
    dispatcher
      .dispatch(ACTION_TRIGGER, actionTriggerPayload(execution), {
        traceTag: execution.trace_id,
        source: 'engine',
      })
      .catch((error: unknown) =>
        logger.error({ err: error, execution: execution.id }, 'actiontrigger dispatch failed'),
      );
  };
  const executor = createActionExecutor({
    store,
    runners,
    getAction: (ref) => snapshot().actions.get(ref),
    decryptSecrets: (blob) => executions.decryptSecrets(blob),
    logger,
    onFinished: publishFinished,
  });
  const enforcer: RuleEnforcer = createRuleEnforcer({
    store,
    bus,
    executions,
    snapshot,
    matchContext: () => ({ kv: datastore.lookup }),
    logger,
  });

  const subscriptions: Subscription[] = [enforcer.start()];
  const stopConsuming = queue.consume((job) => executor.handle(job), {
    concurrency: config.executions.concurrency,
  });
  await recoverUnfinishedWork({ store, queue, enforcer, logger, onAbandoned: publishFinished });
  await content.startSensors(dispatcher);
  if (options.watch) await content.watch();

  let stopped = false;
  return {
    home,
    config,
    store,
    bus,
    datastore,
    runners,
    logger,
    webhooks: sensors.webhooks,
    sensorStatus: () => sensors.packSensors.list(),
    registerInternalAction: (name, action) => {
      internalActions.set(name, action);
    },
    snapshot,
    dispatch: (trigger, payload, dispatchOptions) => dispatcher.dispatch(trigger, payload, dispatchOptions),
    run: (request) => executions.request(request),
    waitForExecution: (id, waitOptions) => executions.waitFor(id, waitOptions),
    cancelExecution: (id) => executor.cancel(id),
    reload: () => content.reload(),
    async idle() {
      for (let round = 0; round < 100; round++) {
        await enforcer.idle();
        await queue.drain();
        await enforcer.idle();
        if (executor.runningCount() === 0) return;
      }
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await content.stop();
      for (const subscription of subscriptions) subscription.unsubscribe();
      stopConsuming();
      await enforcer.idle();
      await queue.close();
      bus.complete();
      if (ownsStore) await store.close();
    },
  };
}

function actionTriggerPayload(execution: Execution): Record<string, unknown> {
  const [pack, ...rest] = execution.action.split('.');
  return {
    execution_id: execution.id,
    status: execution.status,
    start_timestamp: execution.start_timestamp,
    action_name: rest.join('.') || pack,
    action_ref: execution.action,
    runner_ref: execution.runner,
    parameters: execution.parameters,
    result: execution.result,
  };
}

function kvPayload(change: { type: string; pair: unknown; old?: unknown }): Record<string, unknown> {
  return change.type === 'value_change'
    ? { old_object: change.old, new_object: change.pair }
    : { object: change.pair };
}
