import type { DeploymentPatch, RollbackPatch } from '../domain/deployment.js';
import { DEFAULT_LIST_LIMIT, type SqlDialect } from './list-query.js';
import {
  DEPLOYED_PACK_COLUMNS,
  DEPLOYMENT_INSERT_COLUMNS,
  deploymentPatchAssignments,
  epochMs,
  packIndex,
} from './deployment-rows.js';
import type { SqlValue } from './record-rows.js';
import type { DeploymentQuery } from './store.js';
import { ValidationError } from '../common/errors.js';

/** How a dialect finds a substring: `instr(haystack, needle)` (SQLite), `strpos` (PostgreSQL). */
export interface DeploymentDialect extends SqlDialect {
  position: 'instr' | 'strpos';
}

export interface SqlStatement {
  sql: string;
  params: SqlValue[];
}

/** Numbers placeholders in the order parameters are pushed. */
function builder(dialect: SqlDialect): { params: SqlValue[]; next(value: SqlValue): string } {
  const params: SqlValue[] = [];
  return {
    params,
    next(value) {
      params.push(value);
      return dialect.placeholder(params.length);
    },
  };
}

function insert(table: string, columns: readonly string[], dialect: SqlDialect): string {
  return `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((_, i) => dialect.placeholder(i + 1)).join(', ')})`;
}

export function insertDeploymentSql(dialect: SqlDialect): string {
  return insert('deployments', DEPLOYMENT_INSERT_COLUMNS, dialect);
}

export function updateDeploymentSql(id: string, patch: DeploymentPatch, dialect: SqlDialect): SqlStatement {
  const [columns, values] = deploymentPatchAssignments(id, patch);
  const b = builder(dialect);
  const sets =
    columns.length > 0 ? columns.map((c, i) => `${c} = ${b.next(values[i] ?? null)}`) : ['id = id'];
  return {
    sql: `UPDATE deployments SET ${sets.join(', ')} WHERE id = ${b.next(id)} RETURNING *`,
    params: b.params,
  };
}

function checkCount(name: string, value: number | undefined): void {
  if (value !== undefined && (!Number.isInteger(value) || value < 0)) {
    throw new ValidationError(`store: list ${name} must be a whole number >= 0, got ${value}`, {
      code: 'E_STORE_BAD_QUERY',
    });
  }
}

export function listDeploymentsSql(query: DeploymentQuery, dialect: DeploymentDialect): SqlStatement {
  checkCount('limit', query.limit);
  checkCount('offset', query.offset);
  const b = builder(dialect);
  const where: string[] = [];
  if (query.pack !== undefined)
    where.push(`${dialect.position}(pack_index, ${b.next(packIndex([query.pack]))}) > 0`);
  if (query.repo_name !== undefined) where.push(`repo_name = ${b.next(query.repo_name)}`);
  if (query.status !== undefined) {
    const statuses = typeof query.status === 'string' ? [query.status] : query.status;
    where.push(statuses.length === 0 ? '1 = 0' : `status IN (${statuses.map((s) => b.next(s)).join(', ')})`);
  }
  const limit = query.limit ?? DEFAULT_LIST_LIMIT;
  const sql =
    'SELECT * FROM deployments' +
    (where.length > 0 ? ` WHERE ${where.join(' AND ')}` : '') +
    ` ORDER BY id DESC LIMIT ${b.next(limit === 0 ? dialect.unlimited : limit)} OFFSET ${b.next(query.offset ?? 0)}`;
  return { sql, params: b.params };
}

export function confirmDeploymentSql(id: string, now: number, dialect: SqlDialect): SqlStatement {
  const b = builder(dialect);
  const sql =
    `UPDATE deployments SET status = 'queued' WHERE id = ${b.next(id)} AND status = 'pending'` +
    ` AND (confirm_expires_ms IS NULL OR confirm_expires_ms > ${b.next(now)}) RETURNING *`;
  return { sql, params: b.params };
}

export function expirePendingSql(now: number, dialect: SqlDialect): SqlStatement {
  const b = builder(dialect);
  const at = new Date(now).toISOString();
  const sql =
    `UPDATE deployments SET status = 'expired', finished_at = ${b.next(at)},` +
    ` error = ${b.next('the confirmation did not come in time')}` +
    ` WHERE status = 'pending' AND confirm_expires_ms <= ${b.next(now)} RETURNING *`;
  return { sql, params: b.params };
}

export function putDeployedPackSql(dialect: SqlDialect): string {
  const updates = DEPLOYED_PACK_COLUMNS.filter((c) => c !== 'pack').map((c) => `${c} = excluded.${c}`);
  return `${insert('deployed_packs', DEPLOYED_PACK_COLUMNS, dialect)} ON CONFLICT (pack) DO UPDATE SET ${updates.join(', ')}`;
}

export function claimDueRollbacksSql(
  now: number,
  claimTtlMs: number,
  token: string,
  dialect: SqlDialect,
): SqlStatement {
  const b = builder(dialect);
  const expires = now + claimTtlMs;
  const sql =
    `UPDATE deployed_packs SET rollback_state = 'claimed', rollback_claim = ${b.next(token)},` +
    ` claim_expires_at = ${b.next(new Date(expires).toISOString())}, claim_expires_ms = ${b.next(expires)}` +
    ` WHERE rollback_ms <= ${b.next(now)} AND (rollback_state = 'scheduled'` +
    ` OR (rollback_state = 'claimed' AND claim_expires_ms <= ${b.next(now)})) RETURNING *`;
  return { sql, params: b.params };
}

export function settleRollbackSql(
  pack: string,
  claim: string,
  patch: RollbackPatch,
  dialect: SqlDialect,
): SqlStatement {
  const b = builder(dialect);
  const sql =
    `UPDATE deployed_packs SET rollback_at = ${b.next(patch.rollback_at)},` +
    ` rollback_ms = ${b.next(epochMs(patch.rollback_at, `deployed pack ${pack} rollback_at`))},` +
    ` rollback_state = ${b.next(patch.rollback_state)}, rollback_attempts = ${b.next(patch.rollback_attempts)},` +
    ` rollback_error = ${b.next(patch.rollback_error)}, rollback_claim = NULL, claim_expires_at = NULL,` +
    ` claim_expires_ms = NULL WHERE pack = ${b.next(pack)} AND rollback_claim = ${b.next(claim)}`;
  return { sql, params: b.params };
}
