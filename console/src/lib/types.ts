/** The API's shapes as the console reads them (src/api/serialize and src/api/routes). */

export interface Execution {
  id: string;
  action: string;
  runner: string;
  parameters: Record<string, unknown>;
  status: string;
  result: unknown;
  stdout: string;
  stderr: string;
  exit_code: number | null;
  error: string | null;
  created_at: string;
  start_timestamp: string | null;
  end_timestamp: string | null;
  trigger_instance: string | null;
  rule: string | null;
  enforcement: string | null;
  parent: string | null;
  trace_id: string;
  context: Record<string, unknown>;
  elapsed_seconds: number | null;
}

export interface OutputChunk {
  id?: string;
  execution_id: string;
  output_type: 'stdout' | 'stderr' | string;
  data: string;
  timestamp?: string;
}

export interface TriggerInstance {
  id: string;
  trigger: string;
  payload: unknown;
  occurrence_time: string;
  status: string;
  trace_id?: string;
}

export interface Enforcement {
  id: string;
  rule: { ref: string };
  trigger_instance_id: string;
  execution_id?: string | null;
  status: string;
  failure_reason?: string | null;
  enforced_at: string;
}

export interface ContentIssue {
  severity: 'error' | 'warning';
  kind: string;
  pack: string;
  file: string;
  line?: number;
  code: string;
  message: string;
  keptPrevious?: boolean;
}

export interface Rule {
  ref: string;
  pack: string;
  name: string;
  description?: string;
  enabled: boolean;
  trigger: { type: string; parameters: Record<string, unknown> };
  criteria: Record<string, unknown>;
  action: { ref: string; parameters: Record<string, unknown> };
  metadata_file: string | null;
  /** Set when the file on disk does not load and this last good version serves. */
  load_error?: ContentIssue;
}

export interface ParameterSpec {
  type?: string | string[];
  description?: string;
  default?: unknown;
  required?: boolean;
  secret?: boolean;
  enum?: unknown[];
  immutable?: boolean;
  position?: number;
}

export interface Action {
  ref: string;
  pack: string;
  name: string;
  description?: string;
  runner_type: string;
  parameters: Record<string, ParameterSpec>;
  unsupported?: string;
}

export interface Pack {
  ref: string;
  name: string;
  description: string;
  version: string;
  bundled: boolean;
  path: string;
  content: {
    actions: number;
    rules: number;
    triggers: number;
    sensors?: number;
    unsupported?: Record<string, { ref: string; reason: string }[]>;
  };
  issues: ContentIssue[];
  source?: Record<string, unknown>;
}

export interface Sensor {
  ref: string;
  pack: string;
  class_name: string;
  enabled: boolean;
  state: string;
  pid: number | null;
  restarts: number;
  last_error: string | null;
  started_at: string | null;
  next_restart_at: string | null;
  trigger_types: string[];
}

export interface Deployment {
  id: string;
  repo_name: string;
  repo_url: string;
  branch: string;
  commit: string | null;
  packs: string[];
  mode: string;
  requested_by: string;
  status: string;
  execution: string | null;
  changelog: {
    pack: string;
    from: string | null;
    to: string;
    commits: { id: string; author: string; subject: string }[];
    truncated: boolean;
  }[];
  error: string | null;
  created_at: string;
  finished_at: string | null;
  rollback_at: string | null;
  confirm_expires_at: string | null;
}

export interface DeployedPack {
  pack: string;
  repo_name: string;
  branch: string;
  default_branch: string;
  commit: string;
  deployed_by: string;
  deployed_at: string;
  lock: { holder: string; branch: string; expires_at: string | null } | null;
  rollback: { at: string; state: string; attempts: number; last_error: string | null } | null;
}

export interface DeployStatus {
  packs: DeployedPack[];
  pending: Deployment[];
  active: Deployment[];
}

export interface KeyPair {
  uid: string;
  name: string;
  value: string;
  secret: boolean;
  scope: string;
  user?: string;
  expire_timestamp: string | null;
  updated_at: string;
}

export interface CriterionResult {
  key: string;
  operator: string;
  pattern: unknown;
  value: unknown;
  passed: boolean;
  error?: string;
}

export interface RuleTestReport {
  rule: string;
  matched: boolean;
  criteria: CriterionResult[];
  error?: string;
  action: string;
  parameters?: Record<string, unknown>;
  parameters_error?: string;
  notes: string[];
  lines: string[];
}

export interface TraceNode {
  type: 'trigger_instance' | 'rule_enforcement' | 'execution';
  id: string;
  trigger?: string;
  rule?: string;
  action?: string;
  status: string;
  error?: string | null;
  failure_reason?: string | null;
  enforcements?: TraceNode[];
  execution?: TraceNode | null;
  children?: TraceNode[];
  trigger_instances?: TraceNode[];
}

export interface Trace {
  id: string;
  root: TraceNode;
  truncated: boolean;
}
