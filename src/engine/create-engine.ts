import path from 'node:path';

import { createRunnerRegistry } from '../actions/create-runner-registry.js';
import { createInternalRunner, type InternalAction } from '../actions/runners/internal.js';
import { ProcessLedger } from '../actions/runners/process-ledger.js';
import { createClusterMembership, type ClusterMembership } from '../cluster/cluster-membership.js';
import { createClusterLock } from '../cluster/cluster-lock.js';
import { createContentSync, type ContentSync } from '../cluster/content-sync.js';
import { clusterStatus } from '../cluster/cluster-status.js';
import { followDatastoreChanges } from '../cluster/follow-datastore-changes.js';
import { createChatopsService } from '../chatops/chatops-service.js';
import { maskingLogger } from '../common/masking-logger.js';
import { bundledPacksDir } from '../common/package-root.js';
import { assertHomeOutsideBundledPacks } from '../config/squall-home.js';
import type { Stage } from '../common/stage.js';
import { createDatastore } from '../datastore/datastore.js';
import { learnDatastoreSecrets } from '../datastore/learn-secrets.js';
import { createSecretBox, loadOrCreateSecretKey } from '../datastore/secret-box.js';
import { createDeployService } from '../deploy/deploy-service.js';
import { PackConfigs } from '../packs/config/pack-configs.js';
import { createPackActions } from '../packs/manage/pack-actions.js';
import { recoverInterruptedPackChanges } from '../packs/manage/recover-interrupted-pack-changes.js';
import { createEngineTriggersStage } from '../pipeline/engine-triggers-stage.js';
import { createExecutionService } from '../pipeline/execution-service.js';
import { createRulesStage } from '../pipeline/rules-stage.js';
import { createRunnersStage } from '../pipeline/runners-stage.js';
import { createTriggerDispatcher } from '../pipeline/trigger-dispatcher.js';
import { createSecretRegistry } from '../security/secret-registry.js';
import { createSensorsStage } from '../sensors/sensors-stage.js';
import { ContentManager } from '../snapshot/content-manager.js';
import type { TemplateContext } from '../templates/template-types.js';
import type { Engine } from './engine.js';
import type { EngineOptions } from './engine-options.js';
import { openInfrastructure } from './open-infrastructure.js';
import { ALL_ROLES } from './roles.js';
import { relayTriggerInstances } from '../queue/trigger-relay.js';
import { startStages, stopStages } from './start-stages.js';

export type { Engine } from './engine.js';

/**
 * The composition root: opens the store and queue, loads content, builds each stage from the
 * interfaces it declares, then starts them in the order an event travels.
 */
export async function createEngine(options: EngineOptions): Promise<Engine> {
  const bundledDirs = (options.bundledPacksDirs ?? [bundledPacksDir()]).map((dir) => path.resolve(dir));
  assertHomeOutsideBundledPacks(options.home, bundledDirs);
  const infra = await openInfrastructure(options);
  const { home, config, store, queue, triggerQueue, bus, dataDir } = infra;
  const roles = new Set(options.roles ?? ALL_ROLES);
  const secretBox = createSecretBox(loadOrCreateSecretKey(dataDir));
  const secrets = createSecretRegistry();
  // Logs are where data leaves too: every line the engine writes has known secrets masked.
  const logger = maskingLogger(infra.logger, secrets);
  const datastore = createDatastore({
    store,
    secretBox,
    logger,
    onChange: (change) => bus.publish('datastore.changed', change),
  });
  await datastore.load();
  const subscriptions: { unsubscribe(): void }[] = [
    await learnDatastoreSecrets({ bus, datastore, secrets, logger }),
  ];
  if (store.changes) {
    subscriptions.push(await followDatastoreChanges({ changes: store.changes, datastore, secrets, logger }));
  }

  // Built-in management actions run only for Squall's own packs, never for a pack from git.
  const internalActions = new Map<string, InternalAction>();
  const processes = new ProcessLedger(dataDir);
  const runners = createRunnerRegistry({
    process: { ledger: processes },
    python: { home, config: config.python, datastore },
    ssh: config.ssh,
    extra: [
      createInternalRunner(internalActions, {
        isTrusted: (action) => bundledDirs.includes(path.dirname(path.resolve(action.packDir))),
      }),
    ],
  });

  await recoverInterruptedPackChanges(home, logger);
  const content = await ContentManager.open({
    home,
    bundledPacksDirs: bundledDirs,
    logger,
    bus,
    runners,
    extraTriggerTypes: (options.extraSensors ?? []).flatMap((sensor) => sensor.triggerTypes),
  });
  const snapshot = () => content.current();
  const kv = datastore.lookup;
  const decrypt = (ciphertext: string): string => datastore.decrypt(ciphertext);
  const packConfigs = new PackConfigs({ home, snapshot, secretBox, kv, decrypt }, secrets);
  subscriptions.push(...packConfigs.follow(bus));
  const packConfig = (pack: string) => packConfigs.get(pack);
  const templateContext = (user: string | undefined): TemplateContext => ({
    kv,
    decrypt,
    ...(user ? { user } : {}),
  });

  // Several processes on one store form a cluster: what runs once per cluster goes by leases.
  const membership: ClusterMembership | undefined = store.capabilities.multiProcess
    ? createClusterMembership({
        ...{ store, roles: [...roles], config: config.cluster, logger },
        contentRevision: (): string | null => contentSync?.revision() ?? null,
      })
    : undefined;
  // One content, everywhere: the home's content folders travel through the store as revisions.
  const contentSync: ContentSync | undefined = membership
    ? createContentSync({
        ...{ home, nodeId: membership.nodeId, store, content, logger },
        ...(store.changes ? { changes: store.changes } : {}),
        onRevision: () => {
          membership.beat().catch(() => undefined);
        },
      })
    : undefined;
  const dispatcher = createTriggerDispatcher({ store, bus, snapshot });
  const executions = createExecutionService({
    ...{ store, queue, bus, snapshot, runners, packConfig, secrets, templateContext },
    cipher: secretBox,
    // Another node's runner may run what this node waits for (the API's ?wait, workflows, chat).
    ...(membership ? { waitPollMs: 250 } : {}),
  });
  const engineTriggers = createEngineTriggersStage({ bus, dispatcher, content, logger });
  if (triggerQueue) subscriptions.push(relayTriggerInstances(bus, triggerQueue, logger));
  const rules = createRulesStage({
    ...{ store, bus, content, executions, logger, matchContext: () => ({ kv }) },
    ...(triggerQueue ? { source: triggerQueue } : {}),
  });
  const runnersStage = createRunnersStage({
    ...{ store, queue, bus, runners, content, executions, packConfig, secrets, logger, processes },
    concurrency: options.concurrency ?? config.executions.concurrency,
  });
  const sensors = createSensorsStage({
    ...{ home, content, dispatcher, datastore, bus, packConfig, logger },
    runSensors: options.sensors !== false && (roles.has('sensors') || roles.has('scheduler')),
    python: { home, config: config.python },
    ...(membership ? { leases: membership.leases } : {}),
    ...(options.extraSensors ? { extraSensors: options.extraSensors } : {}),
  });
  const chatops = createChatopsService({
    ...{ home, config, logger, store, bus, datastore, secrets, snapshot, executions },
    dispatch: (trigger, payload) => dispatcher.dispatch(trigger, payload, { source: 'engine' }),
    startAdapters: options.chatAdapters ?? options.sensors !== false,
  });
  const deploy = createDeployService({
    ...{ home, config, store, bus, logger, snapshot, secrets },
    reload: () => content.reload(),
    packsConfig: () => packConfig('packs'),
    run: (request) => executions.request(request),
    chatAdapters: () => chatops.runtime.adapterNames,
    setSystemKey: async (key, value) => void (await datastore.set('system', key, value)),
    getSystemKey: async (key) => (await datastore.get('system', key))?.value,
    ...(membership
      ? { clusterLock: createClusterLock({ store, holder: membership.nodeId, prefix: 'deploy' }) }
      : {}),
  });
  const packActions = createPackActions({
    ...{ home, snapshot, config, secretBox, logger },
    reload: () => content.reload(),
  });
  for (const actions of [packActions, chatops.actions, deploy.actions]) {
    for (const [name, action] of actions) internalActions.set(name, action);
  }

  const stages: Stage[] = [
    ...(membership ? [membership] : []),
    ...(contentSync ? [contentSync] : []),
    ...[engineTriggers, deploy, chatops],
    ...(roles.has('rules') ? [rules] : []),
    ...(roles.has('runners') ? [runnersStage] : []),
    sensors,
  ];
  await startStages(stages, logger);
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
    cluster: membership
      ? { nodeId: membership.nodeId, contentRevision: () => contentSync?.revision() ?? null }
      : undefined,
    secrets,
    webhooks: sensors.webhooks,
    sensorStatus: () => sensors.status(),
    chatops: chatops.runtime,
    registerInternalAction: (name, action) => void internalActions.set(name, action),
    snapshot,
    dispatch: (trigger, payload, dispatchOptions) => dispatcher.dispatch(trigger, payload, dispatchOptions),
    run: (request) => executions.request(request),
    waitForExecution: (id, waitOptions) => executions.waitFor(id, waitOptions),
    cancelExecution: (id) => runnersStage.cancel(id),
    reload: () => content.reload(),
    clusterStatus: () =>
      clusterStatus({
        store,
        queues: { executions: queue, 'trigger-instances': triggerQueue },
        node: membership?.nodeId ?? null,
        heartbeatMs: membership?.heartbeatMs ?? 5_000,
      }),
    async idle() {
      for (let round = 0; round < 100; round++) {
        await rules.idle();
        await triggerQueue?.drain();
        await queue.drain();
        await rules.idle();
        if (runnersStage.runningCount() === 0) return;
      }
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await content.stop();
      await stopStages(stages, logger);
      for (const subscription of subscriptions) subscription.unsubscribe();
      await runners.close?.();
      await infra.close();
    },
  };
}
