import type { ActionDefinition } from './model/action-definition.js';
import type { CompiledRule } from './model/rule-definition.js';
import type { TriggerType } from './model/trigger-type.js';
import { compileSchemaCheck, type SchemaCheck } from '../parsing/json-schema.js';
import { RuleIndex } from '../rules/rule-index.js';
import { shellTemplateProblem } from '../templates/check-shell-template.js';
import type { SensorDefinition } from './model/sensor-definition.js';
import type { AliasDefinition } from './model/alias-definition.js';
import type { PolicyDefinition } from '../policies/policy-definition.js';
import type { ContentIssue, ContentSnapshot, FileContribution, PackInfo } from './model/content-snapshot.js';

export interface SnapshotParts {
  version: number;
  packs: ReadonlyMap<string, PackInfo>;
  contributions: readonly FileContribution[];
  builtinTriggerTypes: readonly TriggerType[];
  issues: ContentIssue[];
  /** The snapshot this one follows: its rule index's unchanged groups are reused. */
  previous?: ContentSnapshot | undefined;
  /** Checks of unchanged rules against unchanged types and actions are not run again. */
  cache?: AssemblyCache;
}

/** A rule's load-time checks, valid while its trigger type and action are the same objects. */
interface RuleCheck {
  type: TriggerType | undefined;
  action: ActionDefinition | undefined;
  problem: { code: string; message: string } | undefined;
}

export interface AssemblyCache {
  ruleChecks: WeakMap<CompiledRule, RuleCheck>;
}

/** Builds the lookup maps of a snapshot and reports duplicates and dangling references. */
export function assembleSnapshot(parts: SnapshotParts): ContentSnapshot {
  const { issues } = parts;
  const triggerTypes = new Map<string, TriggerType>(
    parts.builtinTriggerTypes.map((type) => [type.ref, type]),
  );
  const actions = new Map<string, ActionDefinition>();
  const rules = new Map<string, CompiledRule>();
  const files = new Map<string, FileContribution>();
  const sensors = new Map<string, SensorDefinition>();
  const aliases = new Map<string, AliasDefinition>();
  const policies = new Map<string, PolicyDefinition>();

  for (const contribution of parts.contributions) {
    files.set(contribution.file, contribution);
    for (const type of contribution.triggerTypes) {
      addUnique(triggerTypes, type.ref, type, contribution, 'trigger type', issues);
    }
    for (const action of contribution.actions)
      addUnique(actions, action.ref, action, contribution, 'action', issues);
    for (const alias of contribution.aliases)
      addUnique(aliases, alias.ref, alias, contribution, 'alias', issues);
    for (const policy of contribution.policies ?? [])
      addUnique(policies, policy.ref, policy, contribution, 'policy', issues);
    // A pack sensor's trigger types exist only through its metadata file.
    for (const sensor of contribution.sensors) {
      if (!addUnique(sensors, sensor.ref, sensor, contribution, 'sensor', issues)) continue;
      for (const type of sensor.triggerTypes)
        addUnique(triggerTypes, type.ref, type, contribution, 'trigger type', issues);
    }
  }
  for (const policy of policies.values()) {
    if (actions.has(policy.resource_ref)) continue;
    issues.push({
      severity: 'warning',
      kind: 'policy',
      pack: policy.pack,
      file: policy.source.file,
      code: 'W_UNKNOWN_ACTION',
      message: `${policy.source.file}: policy ${policy.ref} applies to action "${policy.resource_ref}", which is not installed; it does nothing until it is`,
    });
  }
  const cache = parts.cache ?? { ruleChecks: new WeakMap() };
  for (const contribution of parts.contributions) {
    for (const rule of contribution.rules) {
      const problem = checkRule(rule, contribution, triggerTypes, actions, cache);
      if (problem) {
        const { pack, file } = contribution;
        issues.push({ severity: 'error', kind: 'rule', pack, file, ...problem });
      } else if (addUnique(rules, rule.ref, rule, contribution, 'rule', issues)) {
        warnDangling(rule, contribution, triggerTypes, actions, issues);
      }
    }
  }

  return Object.freeze({
    version: parts.version,
    loadedAt: new Date().toISOString(),
    packs: parts.packs,
    actions,
    rules,
    ruleIndex: new RuleIndex([...rules.values()], parts.previous?.ruleIndex),
    triggerTypes,
    sensors,
    aliases,
    policies,
    files,
    issues: Object.freeze([...issues]),
  });
}

function addUnique<T>(
  map: Map<string, T>,
  ref: string,
  value: T,
  contribution: FileContribution,
  what: string,
  issues: ContentIssue[],
): boolean {
  if (map.has(ref)) {
    issues.push({
      severity: 'error',
      kind: contribution.kind,
      pack: contribution.pack,
      file: contribution.file,
      code: 'E_DUPLICATE_REF',
      message: `${contribution.file}: ${what} ${ref} is defined twice; the first definition is kept, rename this one`,
    });
    return false;
  }
  map.set(ref, value);
  return true;
}

function warnDangling(
  rule: CompiledRule,
  contribution: FileContribution,
  triggerTypes: ReadonlyMap<string, TriggerType>,
  actions: ReadonlyMap<string, ActionDefinition>,
  issues: ContentIssue[],
): void {
  const warn = (code: string, message: string): void => {
    issues.push({
      severity: 'warning',
      kind: 'rule',
      pack: contribution.pack,
      file: contribution.file,
      code,
      message,
    });
  };
  if (!triggerTypes.has(rule.spec.trigger.type)) {
    warn(
      'W_UNKNOWN_TRIGGER',
      `${contribution.file}: rule ${rule.ref} uses trigger type "${rule.spec.trigger.type}", which no loaded pack or sensor provides; it will not fire until one does`,
    );
  }
  if (!actions.has(rule.spec.action.ref)) {
    warn(
      'W_UNKNOWN_ACTION',
      `${contribution.file}: rule ${rule.ref} runs action "${rule.spec.action.ref}", which is not installed; its enforcements will fail until it is`,
    );
  }
}

/** The rule's trigger parameters and shell templates checked, or the cached outcome for the same type and action. */
function checkRule(
  rule: CompiledRule,
  contribution: FileContribution,
  triggerTypes: ReadonlyMap<string, TriggerType>,
  actions: ReadonlyMap<string, ActionDefinition>,
  cache: AssemblyCache,
): RuleCheck['problem'] {
  const type = triggerTypes.get(rule.spec.trigger.type);
  const action = actions.get(rule.spec.action.ref);
  const cached = cache.ruleChecks.get(rule);
  if (cached && cached.type === type && cached.action === action) return cached.problem;
  const parameterProblem = triggerParameterProblem(rule, type);
  const shellProblem = parameterProblem ? undefined : ruleShellProblem(rule, action);
  const where = `${contribution.file}: rule ${rule.ref}`;
  const problem = shellProblem
    ? { code: 'E_TEMPLATE', message: `${where}: ${shellProblem}` }
    : parameterProblem
      ? {
          code: 'E_TRIGGER_PARAMETERS',
          message: `${where}: trigger.parameters for ${rule.spec.trigger.type} are invalid: ${parameterProblem}`,
        }
      : undefined;
  cache.ruleChecks.set(rule, { type, action, problem });
  return problem;
}

/** A template a rule passes to a shell parameter of its action that could only be refused. */
function ruleShellProblem(rule: CompiledRule, action: ActionDefinition | undefined): string | undefined {
  for (const name of action?.shellParameters ?? []) {
    const value = rule.spec.action.parameters?.[name];
    const problem =
      typeof value === 'string' ? shellTemplateProblem(value, `action.parameters.${name}`) : undefined;
    if (problem) return problem;
  }
  return undefined;
}

const parameterChecks = new WeakMap<TriggerType, SchemaCheck>();

/** A rule's trigger parameters checked against its trigger type's parameters_schema (st2 does). */
function triggerParameterProblem(rule: CompiledRule, type: TriggerType | undefined): string | undefined {
  if (!type?.parameters_schema) return undefined;
  let check = parameterChecks.get(type);
  if (!check) {
    check = compileSchemaCheck(type.parameters_schema);
    parameterChecks.set(type, check);
  }
  return check(rule.spec.trigger.parameters ?? {})?.replaceAll('payload', 'parameters');
}
