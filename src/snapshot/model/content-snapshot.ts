import type { ActionDefinition } from './action-definition.js';
import type { CompiledRule } from './rule-definition.js';
import type { TriggerType } from './trigger-type.js';
import type { RuleIndex } from '../../rules/rule-index.js';
import type { SensorDefinition } from './sensor-definition.js';
import type { AliasDefinition } from './alias-definition.js';
import type { PackMetadata } from '../../packs/pack-metadata.js';
import type { PolicyDefinition } from '../../policies/policy-definition.js';

export type ContentKind = 'pack' | 'action' | 'rule' | 'trigger' | 'sensor' | 'alias' | 'policy' | 'config';

export interface PackInfo {
  ref: string;
  metadata: PackMetadata;
  dir: string;
  /** Shipped with Squall (core, packs, chatops, squall_demo) rather than installed into the home. */
  bundled: boolean;
}

/** A problem found while loading content; errors keep the file's last good version when there is one. */
export interface ContentIssue {
  severity: 'error' | 'warning';
  kind: ContentKind;
  pack: string;
  file: string;
  line?: number;
  code: string;
  /** The whole message, naming the file (and line) once: printers show it as it is, never prefix it. */
  message: string;
  /** True when the file's previous version is still serving. */
  keptPrevious?: boolean;
}

/** What one content file contributed, so a later failing version of it can keep these. */
export interface FileContribution {
  file: string;
  pack: string;
  kind: ContentKind;
  actions: ActionDefinition[];
  rules: CompiledRule[];
  triggerTypes: TriggerType[];
  sensors: SensorDefinition[];
  aliases: AliasDefinition[];
  /** A pack's `policies/` (st2's action.concurrency, action.retry). */
  policies?: PolicyDefinition[];
}

/**
 * Every pack's content at one moment, immutable. A reload builds a new one beside it and swaps the
 * reference; an event is always matched against exactly one snapshot.
 */
export interface ContentSnapshot {
  readonly version: number;
  readonly loadedAt: string;
  readonly packs: ReadonlyMap<string, PackInfo>;
  readonly actions: ReadonlyMap<string, ActionDefinition>;
  readonly rules: ReadonlyMap<string, CompiledRule>;
  /** The enabled rules, indexed by trigger (type + parameters) for matching. */
  readonly ruleIndex: RuleIndex;
  readonly triggerTypes: ReadonlyMap<string, TriggerType>;
  /** Pack sensors (also the unsupported ones, listed with their reason). */
  readonly sensors: ReadonlyMap<string, SensorDefinition>;
  /** Action aliases (ChatOps), by `pack.name`. */
  readonly aliases: ReadonlyMap<string, AliasDefinition>;
  /** Policies (`policies/`), by `pack.name`. */
  readonly policies: ReadonlyMap<string, PolicyDefinition>;
  readonly files: ReadonlyMap<string, FileContribution>;
  readonly issues: readonly ContentIssue[];
}
