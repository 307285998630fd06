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
import { createInquiriesStage } from '../inquiries/inquiries-stage.js';
import { createInquiryService } from '../inquiries/inquiry-service.js';
import { createEngineTriggersStage } from '../pipeline/engine-triggers-stage.js';
import { createBackpressure, DEFAULT_BACKPRESSURE } from '../pipeline/backpressure.js';
import { createExecutionService } from '../pipeline/execution-service.js';
import type { DueWorkClaim } from '../pipeline/due-work.js';
import { reRunExecution } from '../pipeline/re-run.js';
import { createRetentionStage } from '../history/retention-stage.js';
import { createRulesStage } from '../pipeline/rules-stage.js';
import { createPoliciesStage } from '../policies/policies-stage.js';
import { createRunnersStage } from '../pipeline/runners-stage.js';
import { createTriggerDispatcher } from '../pipeline/trigger-dispatcher.js';
import { createSecretRegistry } from '../security/secret-registry.js';
import { createSensorsStage } from '../sensors/sensors-stage.js';
import { ContentManager } from '../snapshot/content-manager.js';
import type { TemplateContext } from '../templates/template-types.js';
import { checkHealth } from './engine-health.js';
import type { Engine } from './engine.js';
import type { EngineOptions } from './engine-options.js';
import { openInfrastructure } from './open-infrastructure.js';
import { ALL_ROLES } from './roles.js';
import { relayTriggerInstances } from '../queue/trigger-relay.js';
import { startStages, stopStages } from './start-stages.js';
import { createWorkflowHost } from '../workflows/runtime/workflow-host.js';
import { WORKFLOW_KINDS, workflowRunners } from '../workflows/runtime/workflow-kinds.js';
import type { WorkflowHostRef } from '../workflows/runtime/workflow-runner.js';

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
  const workflowHostRef: WorkflowHostRef = {};
  const runners = createRunnerRegistry({
    process: { ledger: processes },
    python: { home, config: config.python, datastore },
    ssh: config.ssh,
    extra: [
      ...workflowRunners(workflowHostRef, store),
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
  // Events from outside (webhooks, sensors, embedders) wait or are refused while the pipeline is full;
  // the engine's own (action triggers) never wait, or a runner could wait on itself.
  const backpressure = createBackpressure({
    settings: { ...DEFAULT_BACKPRESSURE, ...config.backpressure },
    matching: () => rules.enforcer.pending(),
    queue,
  });
  const ingress = backpressure.gate(dispatcher);
  const executions = createExecutionService({
    ...{ store, queue, bus, snapshot, runners, packConfig, secrets, templateContext },
    cipher: secretBox,
    // Another node's runner may run what this node waits for (the API's ?wait, workflows, chat).
    ...(membership ? { waitPollMs: 250 } : {}),
  });
  const engineTriggers = createEngineTriggersStage({ bus, dispatcher, content, logger });
  if (triggerQueue) subscriptions.push(relayTriggerInstances(bus, triggerQueue, logger));
  const dueWork = new Map<string, DueWorkClaim>();
  const rules = createRulesStage({
    ...{ store, bus, content, executions, logger, matchContext: () => ({ kv }), dueWork },
    ...(triggerQueue ? { source: triggerQueue } : {}),
  });
  const policies = createPoliciesStage({ store, queue, bus, content, executions, logger });
  const runnersStage = createRunnersStage({
    ...{ store, queue, bus, runners, content, executions, packConfig, secrets, logger, processes },
    admit: (job) => policies.admit(job),
    concurrency: options.concurrency ?? config.executions.concurrency,
  });
  const workflows = createWorkflowHost({
    ...{ store, bus, logger, kinds: WORKFLOW_KINDS },
    prepare: (request) => executions.prepare(request),
    enqueue: (execution) => queue.enqueue({ executionId: execution.id }),
    cancelAction: (id) => runnersStage.cancel(id),
    getAction: (ref) => snapshot().actions.get(ref),
    environment: (execution) => {
      const user = execution.context['user'];
      return {
        ...{ kv, decrypt, action: (ref: string) => snapshot().actions.get(ref) },
        ...(typeof user === 'string' ? { user } : {}),
      };
    },
  });
  workflowHostRef.current = workflows;
  const sensors = createSensorsStage({
    ...{ home, content, dispatcher: ingress, datastore, bus, packConfig, logger },
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
  for (const [ref, claim] of deploy.dueWork) dueWork.set(ref, claim);

  const inquiries = createInquiryService({ store, bus });
  const inquiriesStage = createInquiriesStage({
    ...{ bus, dispatcher, inquiries, logger },
    expire: roles.has('scheduler'),
  });

  // Deleting old history is idempotent, but once per cluster is enough: the scheduler does it.
  const retention = createRetentionStage({ history: store, config: config.history, logger });
  const stages: Stage[] = [
    ...(membership ? [membership] : []),
    ...(contentSync ? [contentSync] : []),
    ...[engineTriggers, deploy, chatops, inquiriesStage],
    ...(roles.has('rules') ? [rules] : []),
    // The workflow host listens before the runners' recovery reports what a dead process left.
    ...(roles.has('runners') ? [policies, workflows, runnersStage] : []),
    sensors,
    ...(roles.has('scheduler') ? [retention] : []),
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
    health: () => checkHealth({ store, queue, sensors: () => sensors.status(), snapshot }),
    chatops: chatops.runtime,
    inquiries,
    registerInternalAction: (name, action) => void internalActions.set(name, action),
    snapshot,
    dispatch: (trigger, payload, dispatchOptions) => ingress.dispatch(trigger, payload, dispatchOptions),
    backlog: () => backpressure.backlog(),
    run: (request) => executions.request(request),
    waitForExecution: (id, waitOptions) => executions.waitFor(id, waitOptions),
    cancelExecution: async (id) => (await workflows.control(id, 'cancel')) || runnersStage.cancel(id),
    controlWorkflow: (id, command) => workflows.control(id, command),
    reRun: (id, spec = {}) => reRunExecution({ store, executions, snapshot }, id, spec),
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
        await workflows.idle();
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
