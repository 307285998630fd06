import { mkdir } from 'node:fs/promises';
import path from 'node:path';

import type { Subscription } from 'rxjs';

import { createActionExecutor } from '../pipeline/action-executor.js';
import { createRunnerRegistry } from '../actions/create-runner-registry.js';
import { createInternalRunner, type InternalAction } from '../actions/runners/internal.js';
import type { RunnerRegistry } from '../actions/runner.js';
import { EventBus } from '../bus/event-bus.js';
import { loadConfig } from '../config/load-config.js';
import type { SquallConfig } from '../config/squall-config.js';
import { createDatastore, type Datastore } from '../datastore/datastore.js';
import { createSecretBox, loadOrCreateSecretKey } from '../datastore/secret-box.js';
import type { Execution } from '../domain/execution.js';
import type { KeyValuePair } from '../domain/key-value.js';
import type { DispatchOptions, TriggerInstance } from '../domain/trigger.js';
import { ValidationError } from '../common/errors.js';
import { createLogger, type Logger } from '../common/logger.js';
import type { ContentSnapshot } from '../snapshot/model/content-snapshot.js';
import { createPackActions } from '../packs/manage/pack-actions.js';
import { recoverInterruptedPackChanges } from '../packs/manage/recover-interrupted-pack-changes.js';
import { createSecretRegistry, type SecretRegistry } from '../security/mask.js';
import { maskingStore } from '../pipeline/masking-store.js';
import { PackConfigs } from '../packs/config/pack-configs.js';
import type { SensorStatus } from '../sensors/pack-sensors/sensor-supervisor.js';
import type { WebhookRegistry } from '../sensors/webhooks/webhook-registry.js';
import { createBuiltinSensors } from '../sensors/builtin-sensors.js';
import type { ChatopsRuntime } from '../chatops/chatops-runtime.js';
import { createEngineChatops } from '../chatops/chatops-service.js';
import { createDeployService } from '../deploy/deploy-service.js';
import { bundledPacksDir } from '../common/package-root.js';
import { createMemoryQueue } from '../queue/drivers/memory.js';
import type { ExecutionQueue } from '../queue/queue.js';
import { createStore } from '../store/create-store.js';
import type { Store } from '../store/store.js';
import type { TemplateContext } from '../templates/template-types.js';
import { ContentManager } from '../snapshot/content-manager.js';
import type { EngineOptions } from './engine-options.js';
import {
  createExecutionService,
  type ExecutionRequest,
  type ExecutionService,
} from '../pipeline/execution-service.js';
import { ACTION_TRIGGER, SENSOR_EXIT_TRIGGER, SENSOR_SPAWN_TRIGGER } from '../snapshot/internal-triggers.js';
import { recoverUnfinishedWork } from '../pipeline/recovery.js';
import { createRuleEnforcer, type RuleEnforcer } from '../pipeline/rule-enforcer.js';
import { createTriggerDispatcher } from '../pipeline/trigger-dispatcher.js';

/** The running engine, for the CLI, the API and TypeScript users who embed Squall. */
export interface Engine {
  readonly home: string;
  readonly config: SquallConfig;
  readonly store: Store;
  readonly bus: EventBus;
  readonly datastore: Datastore;
  readonly runners: RunnerRegistry;
  /** Secret values known to this engine (secret datastore keys, pack config secrets), masked in output. */
  readonly secrets: SecretRegistry;
  /** Webhook urls that enabled rules listen on (the API serves `POST /api/v1/webhooks/<url>`). */
  readonly webhooks: WebhookRegistry;
  /** Pack sensors: state, restarts, last error. */
  sensorStatus(): SensorStatus[];
  /** Registers a built-in action implementation (`runner_type: squall-internal`, `entry_point: name`). */
  registerInternalAction(name: string, action: InternalAction): void;
  /** Chat adapters, alias commands from the API and CLI, `chatops.post_message` (docs/chatops.md). */
  readonly chatops: ChatopsRuntime;
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
  const fileConfig = await loadConfig(home, process.env, options.dataDir ? { dataDir } : {});
  const config: SquallConfig = { ...fileConfig, ...options.config };
  if (config.queue.driver !== 'memory' && !options.queue) {
    throw new ValidationError(
      `squall.yaml: queue.driver "${config.queue.driver}" is not available in this version; remove the queue section (the in-memory queue is used) or pass a queue to createEngine`,
      { code: 'E_CONFIG' },
    );
  }
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
  const secrets = createSecretRegistry();
  const packConfigsRef: { current?: PackConfigs } = {};
  const dispatcherRef: { current?: (trigger: string, payload: unknown) => Promise<unknown> } = {};
  const datastore: Datastore = createDatastore({
    store,
    secretBox,
    logger,
    onChange: (change) => {
      packConfigsRef.current?.invalidate();
      if (change.pair.secret && change.type !== 'delete') {
        datastore
          .get(change.pair.scope, change.pair.key, { decrypt: true })
          .then((pair) => secrets.add(pair?.value))
          .catch(() => undefined);
      }
      void dispatcherRef
        .current?.(`core.st2.key_value_pair.${change.type}`, kvPayload(change))
        .catch(() => {});
    },
  });
  await datastore.load();
  for (const pair of await datastore.list(undefined, undefined, { decrypt: true })) {
    if (pair.secret) secrets.add(pair.value);
  }

  // Built-in management actions (packs.install, packs.deploy, ...) are registered once the engine's
  // services exist; the runner reads the map at run time.
  const internalActions = new Map<string, InternalAction>();
  const bundledDirs = options.bundledPacksDirs ?? [bundledPacksDir()];
  const runners = createRunnerRegistry({
    python: { home, config: config.python, datastore },
    ssh: config.ssh,
    extra: [
      createInternalRunner(internalActions, {
        isTrusted: (action) => content.current().packs.get(action.spec.pack)?.bundled === true,
      }),
    ],
  });
  const content = new ContentManager({
    home,
    bundledPacksDirs: bundledDirs,
    logger,
    bus,
    runners,
  });
  const snapshot = (): ContentSnapshot => content.current();
  const packConfigs = new PackConfigs(
    {
      home,
      snapshot,
      secretBox,
      kv: datastore.lookup,
      decrypt: (ciphertext: string) => datastore.decrypt(ciphertext),
    },
    secrets,
  );
  packConfigsRef.current = packConfigs;
  bus.on('content.reloaded').subscribe(() => packConfigs.invalidate());
  const templateContext = (user: string | undefined): TemplateContext => ({
    kv: datastore.lookup,
    decrypt: (ciphertext: string) => datastore.decrypt(ciphertext),
    ...(user ? { user } : {}),
  });

  const dispatcher = createTriggerDispatcher({ store, bus, snapshot });
  const dispatchFromEngine = (trigger: string, payload: unknown): Promise<TriggerInstance> =>
    dispatcher.dispatch(trigger, payload, { source: 'engine' });
  const sensors = createBuiltinSensors(
    {
      dispatcher,
      logger,
      datastore,
      packConfig: (pack) => packConfigs.get(pack),
      python: { home, config: config.python },
      onProcessEvent: (event) => {
        const trigger = event.type === 'spawn' ? SENSOR_SPAWN_TRIGGER : SENSOR_EXIT_TRIGGER;
        dispatchFromEngine(trigger, { object: event }).catch(() => undefined);
      },
    },
    options.sensors !== false,
  );
  sensors.all.push(...(options.extraSensors ?? []));
  content.attachSensors(sensors);
  await recoverInterruptedPackChanges(home, logger);
  await content.load();
  for (const [name, action] of createPackActions({
    home,
    reload: () => content.reload(),
    snapshot,
    config,
    secretBox,
    logger,
  })) {
    internalActions.set(name, action);
  }
  dispatcherRef.current = dispatchFromEngine;
  const executions: ExecutionService = createExecutionService({
    store,
    queue,
    bus,
    cipher: secretBox,
    snapshot,
    runners,
    packConfig: (pack) => packConfigs.get(pack),
    secrets,
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
    store: maskingStore(store, secrets),
    runners,
    getAction: (ref) => snapshot().actions.get(ref),
    decryptSecrets: (blob) => executions.decryptSecrets(blob),
    getPackConfig: (pack) => packConfigs.get(pack),
    logger,
    onStarted: (execution) => bus.publish('execution.updated', execution),
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

  const chatops = await createEngineChatops({
    home,
    config,
    logger,
    store,
    bus,
    datastore,
    secrets,
    snapshot,
    executions,
    dispatch: dispatchFromEngine,
    registerInternalAction: (name, action) => internalActions.set(name, action),
    startAdapters: options.chatAdapters ?? options.sensors !== false,
  });

  const deploy = createDeployService({
    home,
    config,
    store,
    logger,
    snapshot,
    reload: () => content.reload(),
    packsConfig: () => packConfigs.get('packs'),
    run: (request) => executions.request(request),
    secrets,
    chatAdapters: () => chatops.adapterNames,
    setSystemKey: async (key, value) => void (await datastore.set('system', key, value)),
    getSystemKey: async (key) => (await datastore.get('system', key))?.value,
  });
  for (const [name, action] of deploy.actions) internalActions.set(name, action);
  await deploy.syncAutoDeployKey();

  const subscriptions: Subscription[] = [
    enforcer.start(),
    bus.on('content.reloaded').subscribe(() => void deploy.syncAutoDeployKey()),
  ];
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
    secrets,
    webhooks: sensors.webhooks,
    sensorStatus: () => sensors.packSensors.list(),
    chatops,
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
      await chatops.stop();
      await content.stop();
      for (const subscription of subscriptions) subscription.unsubscribe();
      stopConsuming();
      await enforcer.idle();
      await queue.close();
      await runners.close?.();
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

function kvPayload(change: {
  type: string;
  pair: KeyValuePair;
  old?: KeyValuePair;
}): Record<string, unknown> {
  return change.type === 'value_change' && change.old
    ? { old_object: st2KeyValue(change.old), new_object: st2KeyValue(change.pair) }
    : { object: st2KeyValue(change.pair) };
}

/** A datastore pair in StackStorm's KeyValuePair shape, so ported rules (`trigger.object.name`) work. */
function st2KeyValue(pair: KeyValuePair): Record<string, unknown> {
  const user = pair.scope.startsWith('user:') ? pair.scope.slice('user:'.length) : undefined;
  return {
    name: pair.key,
    value: pair.value,
    secret: pair.secret,
    encrypted: pair.secret,
    scope: user === undefined ? 'st2kv.system' : 'st2kv.user',
    ...(user === undefined ? {} : { user }),
    expire_timestamp: pair.expire_at,
  };
}
