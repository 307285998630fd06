import type {
  DeployedPack,
  Deployment,
  DeploymentChange,
  DeploymentMode,
  DeploymentNotification,
  DeploymentPatch,
  DeploymentStatus,
  RollbackState,
} from '../../domain/deployment.js';
import { ValidationError } from '../../common/errors.js';
import { epochMs, flag, fromJson, isSet, text, textOrNull, toJson } from './column-values.js';
import type { RecordTableSpec } from './record-table.js';
import type { Row, SqlValue } from './sql-dialect.js';

/**
 * Mapping between deployment records and rows, shared by the SQL drivers. `commit` is a keyword in
 * SQL, so the column is `revision`. `pack_index` (`,a,b,`) lets a query find a pack's deployments
 * by substring: pack refs are `[a-z0-9_]+`, so a comma-delimited needle matches whole refs only.
 */
const DEPLOYED_PACK_COLUMNS = [
  'pack',
  'repo_name',
  'repo_url',
  'branch',
  'default_branch',
  'revision',
  'deployment',
  'deployed_by',
  'deployed_at',
  'locked_by',
  'lock_expires_at',
  'rollback_at',
  'rollback_ms',
  'rollback_state',
  'rollback_claim',
  'claim_expires_at',
  'claim_expires_ms',
  'rollback_attempts',
  'rollback_error',
] as const;

type DeploymentField = keyof Deployment;

/** Record field → the column(s) it is stored in. */
const FIELD_COLUMNS: Record<Exclude<DeploymentField, 'id' | 'created_at'>, readonly string[]> = {
  repo_name: ['repo_name'],
  repo_url: ['repo_url'],
  branch: ['branch'],
  commit: ['revision'],
  packs: ['packs', 'pack_index'],
  requested_packs: ['requested_packs'],
  mode: ['mode'],
  requested_by: ['requested_by'],
  status: ['status'],
  execution: ['execution'],
  force: ['force'],
  changelog: ['changelog'],
  notification: ['notification'],
  error: ['error'],
  details: ['details'],
  started_at: ['started_at'],
  finished_at: ['finished_at'],
  rollback_at: ['rollback_at'],
  confirm_expires_at: ['confirm_expires_at', 'confirm_expires_ms'],
};

/** `,a,b,`, the needle for one pack being `,a,`. */
export function packIndex(packs: readonly string[]): string {
  return `,${packs.join(',')},`;
}

function fieldValues(field: DeploymentField, d: Partial<Deployment>, id: string): SqlValue[] {
  switch (field) {
    case 'commit':
      return [d.commit ?? null];
    case 'packs':
      return [toJson(d.packs ?? [], `deployment ${id} packs`), packIndex(d.packs ?? [])];
    case 'requested_packs':
      return [d.requested_packs ? toJson(d.requested_packs, `deployment ${id} requested_packs`) : null];
    case 'force':
      return [flag(d.force ?? false)];
    case 'changelog':
      return [toJson(d.changelog ?? [], `deployment ${id} changelog`)];
    case 'notification':
      return [d.notification ? toJson(d.notification, `deployment ${id} notification`) : null];
    case 'details':
      return [toJson(d.details ?? {}, `deployment ${id} details`)];
    case 'confirm_expires_at': {
      const at = d.confirm_expires_at ?? null;
      return [at, epochMs(at, `deployment ${id} confirm_expires_at`)];
    }
    case 'id':
    case 'created_at':
    case 'repo_name':
    case 'repo_url':
    case 'branch':
    case 'mode':
    case 'requested_by':
    case 'status':
    case 'execution':
    case 'error':
    case 'started_at':
    case 'finished_at':
    case 'rollback_at': {
      const value = d[field];
      return [value === undefined || value === null ? null : String(value)];
    }
  }
}

function deploymentValues(d: Deployment): SqlValue[] {
  return [
    d.id,
    ...(Object.keys(FIELD_COLUMNS) as (keyof typeof FIELD_COLUMNS)[]).flatMap((field) =>
      fieldValues(field, d, d.id),
    ),
    d.created_at,
  ];
}

/** Insert columns in the order `deploymentValues` gives them. */
const DEPLOYMENT_INSERT_COLUMNS: readonly string[] = [
  'id',
  ...Object.values(FIELD_COLUMNS).flat(),
  'created_at',
];

/** The columns and values a patch sets; `undefined` values are left alone, fixed fields refused. */
function deploymentPatchAssignments(id: string, patch: DeploymentPatch): [string[], SqlValue[]] {
  const columns: string[] = [];
  const values: SqlValue[] = [];
  for (const [field, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    const targets = Object.hasOwn(FIELD_COLUMNS, field)
      ? FIELD_COLUMNS[field as keyof typeof FIELD_COLUMNS]
      : undefined;
    if (!targets) {
      throw new ValidationError(
        `store: cannot update deployment ${id}: "${field}" is not an updatable deployment field`,
        { code: 'E_STORE_BAD_PATCH' },
      );
    }
    columns.push(...targets);
    values.push(...fieldValues(field as DeploymentField, patch, id));
  }
  return [columns, values];
}

function rowToDeployment(row: Row): Deployment {
  return {
    id: text(row['id']),
    repo_name: text(row['repo_name']),
    repo_url: text(row['repo_url']),
    branch: text(row['branch']),
    commit: textOrNull(row['revision']),
    packs: (fromJson(row['packs']) ?? []) as string[],
    requested_packs: (fromJson(row['requested_packs']) ?? null) as string[] | null,
    mode: text(row['mode']) as DeploymentMode,
    requested_by: text(row['requested_by']),
    status: text(row['status']) as DeploymentStatus,
    execution: textOrNull(row['execution']),
    force: isSet(row['force']),
    changelog: (fromJson(row['changelog']) ?? []) as DeploymentChange[],
    notification: (fromJson(row['notification']) ?? null) as DeploymentNotification | null,
    error: textOrNull(row['error']),
    details: (fromJson(row['details']) ?? {}) as Record<string, unknown>,
    created_at: text(row['created_at']),
    started_at: textOrNull(row['started_at']),
    finished_at: textOrNull(row['finished_at']),
    rollback_at: textOrNull(row['rollback_at']),
    confirm_expires_at: textOrNull(row['confirm_expires_at']),
  };
}

function deployedPackValues(p: DeployedPack): SqlValue[] {
  return [
    p.pack,
    p.repo_name,
    p.repo_url,
    p.branch,
    p.default_branch,
    p.commit,
    p.deployment,
    p.deployed_by,
    p.deployed_at,
    p.locked_by,
    p.lock_expires_at,
    p.rollback_at,
    epochMs(p.rollback_at, `deployed pack ${p.pack} rollback_at`),
    p.rollback_state,
    p.rollback_claim,
    p.claim_expires_at,
    epochMs(p.claim_expires_at, `deployed pack ${p.pack} claim_expires_at`),
    p.rollback_attempts,
    p.rollback_error,
  ];
}

function rowToDeployedPack(row: Row): DeployedPack {
  return {
    pack: text(row['pack']),
    repo_name: text(row['repo_name']),
    repo_url: text(row['repo_url']),
    branch: text(row['branch']),
    default_branch: text(row['default_branch']),
    commit: text(row['revision']),
    deployment: text(row['deployment']),
    deployed_by: text(row['deployed_by']),
    deployed_at: text(row['deployed_at']),
    locked_by: textOrNull(row['locked_by']),
    lock_expires_at: textOrNull(row['lock_expires_at']),
    rollback_at: textOrNull(row['rollback_at']),
    rollback_state: textOrNull(row['rollback_state']) as RollbackState | null,
    rollback_claim: textOrNull(row['rollback_claim']),
    claim_expires_at: textOrNull(row['claim_expires_at']),
    rollback_attempts: Number(row['rollback_attempts'] ?? 0),
    rollback_error: textOrNull(row['rollback_error']),
  };
}

export const DEPLOYMENT_TABLE: RecordTableSpec<Deployment, DeploymentPatch> = {
  table: 'deployments',
  what: 'deployment',
  key: 'id',
  columns: DEPLOYMENT_INSERT_COLUMNS,
  values: deploymentValues,
  fromRow: rowToDeployment,
  patch: deploymentPatchAssignments,
};

const PACK_UPDATES = DEPLOYED_PACK_COLUMNS.filter((c) => c !== 'pack').map((c) => `${c} = excluded.${c}`);

export const DEPLOYED_PACK_TABLE: RecordTableSpec<DeployedPack> = {
  table: 'deployed_packs',
  what: 'deployed pack',
  key: 'pack',
  columns: DEPLOYED_PACK_COLUMNS,
  values: deployedPackValues,
  fromRow: rowToDeployedPack,
  upsert: ` ON CONFLICT (pack) DO UPDATE SET ${PACK_UPDATES.join(', ')}`,
};
