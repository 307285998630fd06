/**
 * Squall's library surface, for TypeScript users who embed the engine. Everything else under src/ is
 * internal and may change between minor versions.
 */
export { createEngine } from './engine/create-engine.js';
export type { Engine } from './engine/engine.js';
export type { EngineOptions } from './engine/engine-options.js';
export type { ExecutionRequest } from './pipeline/execution-request.js';
export {
  createApiServer,
  buildApiApp,
  type ApiServer,
  type ApiServerOptions,
  type ApiPlugin,
} from './api/server.js';
export { loadConfig } from './config/load-config.js';
export type { SquallConfig } from './config/squall-config.js';
export { createLogger, silentLogger, type Logger } from './common/logger.js';

export type { Store, StoreBackend, StoreCapabilities } from './store/store.js';
export type {
  RecordStore,
  ExecutionQuery,
  TriggerInstanceQuery,
  EnforcementQuery,
} from './store/record-store.js';
export type { KeyValueStore } from './store/key-value-store.js';
export type { DeploymentStore, DeploymentQuery } from './store/deployment-store.js';
export type { ListQuery } from './store/list-query.js';
export { createStore } from './store/create-store.js';
export type { ExecutionQueue, ExecutionJob } from './queue/queue.js';
export { createMemoryQueue } from './queue/drivers/memory.js';

export type { TriggerSensor, TriggerUse, SensorContext } from './sensors/sensor.js';
export type { TriggerInstance, TriggerDispatcher, DispatchOptions } from './domain/trigger.js';
export type { TriggerType } from './snapshot/model/trigger-type.js';
export type { Execution, ExecutionStatus } from './domain/execution.js';
export type { Enforcement } from './domain/enforcement.js';
export type {
  RuleSpec,
  CompiledRule,
  MatchResult,
  CriterionResult,
} from './snapshot/model/rule-definition.js';
export type { ActionSpec, ActionDefinition, ParameterSpec } from './snapshot/model/action-definition.js';
export type { KeyValuePair } from './domain/key-value.js';
export type { ContentSnapshot, ContentIssue } from './snapshot/model/content-snapshot.js';

export { loadRuleFile } from './rules/load-rule-file.js';
export { explainRule, formatMatchReport } from './rules/test-rule.js';
export { compileTemplate } from './templates/compile-template.js';

export {
  SquallError,
  ValidationError,
  NotFoundError,
  ConflictError,
  AuthError,
  ForbiddenError,
  NonRetriableError,
  BackendError,
} from './common/errors.js';
