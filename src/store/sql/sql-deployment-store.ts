import type { DeployedPack, Deployment, RollbackPatch } from '../../domain/deployment.js';
import { newId } from '../../domain/ids.js';
import type { DeploymentStore } from '../deployment-store.js';
import { epochMs } from './column-values.js';
import { DEPLOYED_PACK_TABLE, DEPLOYMENT_TABLE, packIndex } from './deployment-rows.js';
import { equalityConditions } from './list-sql.js';
import { recordTable } from './record-table.js';
import { firstRow, type SqlConnection } from './sql-connection.js';
import { fixedStatement } from './sql-dialect.js';

const oldestFirst = (a: Deployment, b: Deployment): number => (a.id < b.id ? -1 : 1);
const byPack = (a: DeployedPack, b: DeployedPack): number => a.pack.localeCompare(b.pack);

/** Deployments, deployed packs and rollback claims in the tables of migration 0002. */
export function sqlDeploymentStore(connection: SqlConnection): DeploymentStore {
  const { dialect, write, read } = connection;
  const deployments = recordTable(connection, DEPLOYMENT_TABLE);
  const packs = recordTable(connection, DEPLOYED_PACK_TABLE);
  const firstDeployment = firstRow(DEPLOYMENT_TABLE.fromRow);
  const confirm = fixedStatement(
    dialect,
    (p) =>
      `UPDATE deployments SET status = 'queued' WHERE id = ${p(1)} AND status = 'pending'` +
      ` AND (confirm_expires_ms IS NULL OR confirm_expires_ms > ${p(2)}) RETURNING *`,
  );
  const expire = fixedStatement(
    dialect,
    (p) =>
      `UPDATE deployments SET status = 'expired', finished_at = ${p(1)}, error = ${p(2)}` +
      ` WHERE status = 'pending' AND confirm_expires_ms <= ${p(3)} RETURNING *`,
  );
  const allPacks = fixedStatement(dialect, () => 'SELECT * FROM deployed_packs ORDER BY pack');
  const claimDue = fixedStatement(
    dialect,
    (p) =>
      `UPDATE deployed_packs SET rollback_state = 'claimed', rollback_claim = ${p(1)},` +
      ` claim_expires_at = ${p(2)}, claim_expires_ms = ${p(3)}` +
      ` WHERE rollback_ms <= ${p(4)} AND (rollback_state = 'scheduled'` +
      ` OR (rollback_state = 'claimed' AND claim_expires_ms <= ${p(5)})) RETURNING *`,
  );
  const settle = fixedStatement(
    dialect,
    (p) =>
      `UPDATE deployed_packs SET rollback_at = ${p(1)}, rollback_ms = ${p(2)}, rollback_state = ${p(3)},` +
      ` rollback_attempts = ${p(4)}, rollback_error = ${p(5)},` +
      ` rollback_claim = NULL, claim_expires_at = NULL, claim_expires_ms = NULL` +
      ` WHERE pack = ${p(6)} AND rollback_claim = ${p(7)}`,
  );

  return {
    insertDeployment: (deployment) => deployments.insert(deployment),
    updateDeployment: (id, patch) => deployments.update(id, patch),
    getDeployment: (id) => deployments.get(id),

    listDeployments(query = {}) {
      const { pack, repo_name, status } = query;
      return deployments.list(query, (b) => [
        // pack_index is ",a,b,": the needle ",a," matches whole pack refs only.
        ...(pack === undefined ? [] : [`${dialect.position('pack_index', b.next(packIndex([pack])))} > 0`]),
        ...equalityConditions({ repo_name, status })(b),
      ]);
    },

    confirmDeployment(id: string, now: number) {
      return write(`confirming deployment ${id}`, [confirm(id, now)], ({ rows }) => firstDeployment(rows));
    },

    expirePendingDeployments(now: number) {
      const statement = expire(new Date(now).toISOString(), 'the confirmation did not come in time', now);
      return write('expiring pending deployments', [statement], ({ rows }) =>
        rows.map(DEPLOYMENT_TABLE.fromRow).sort(oldestFirst),
      );
    },

    putDeployedPack: (state) => packs.put(state),
    getDeployedPack: (pack) => packs.get(pack),

    listDeployedPacks() {
      return read('listing deployed packs', allPacks(), (rows) => rows.map(DEPLOYED_PACK_TABLE.fromRow));
    },

    claimDueRollbacks(now: number, claimTtlMs: number) {
      const expires = now + claimTtlMs;
      const statement = claimDue(newId(now), new Date(expires).toISOString(), expires, now, now);
      return write('claiming due rollbacks', [statement], ({ rows }) =>
        rows.map(DEPLOYED_PACK_TABLE.fromRow).sort(byPack),
      );
    },

    async settleRollbackClaim(pack: string, claim: string, patch: RollbackPatch) {
      const { rollback_at, rollback_state, rollback_attempts, rollback_error } = patch;
      const rollbackMs = epochMs(rollback_at, `deployed pack ${pack} rollback_at`);
      const statement = settle(
        rollback_at,
        rollbackMs,
        rollback_state,
        rollback_attempts,
        rollback_error,
        pack,
        claim,
      );
      return write(`settling the rollback of ${pack}`, [statement], ({ changes }) => changes > 0);
    },
  };
}
