import type { DeployedPack, Deployment, RollbackPatch } from '../../domain/deployment.js';
import { newId } from '../../domain/ids.js';
import type { DeploymentStore } from '../deployment-store.js';
import { epochMs } from './column-values.js';
import { DEPLOYED_PACK_TABLE, DEPLOYMENT_TABLE, packIndex } from './deployment-rows.js';
import { equalityConditions } from './list-sql.js';
import { recordTable } from './record-table.js';
import type { SqlConnection, SqlResult } from './sql-connection.js';
import { statementBuilder } from './sql-dialect.js';

const oldestFirst = (a: Deployment, b: Deployment): number => (a.id < b.id ? -1 : 1);
const byPack = (a: DeployedPack, b: DeployedPack): number => a.pack.localeCompare(b.pack);

/** Deployments, deployed packs and rollback claims in the tables of migration 0002. */
export function sqlDeploymentStore(connection: SqlConnection): DeploymentStore {
  const { dialect, write, read } = connection;
  const deployments = recordTable(connection, DEPLOYMENT_TABLE);
  const packs = recordTable(connection, DEPLOYED_PACK_TABLE);
  const toDeployments = ({ rows }: SqlResult): Deployment[] => rows.map(DEPLOYMENT_TABLE.fromRow);

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

    async confirmDeployment(id: string, now: number) {
      const b = statementBuilder(dialect);
      const sql =
        `UPDATE deployments SET status = 'queued' WHERE id = ${b.next(id)} AND status = 'pending'` +
        ` AND (confirm_expires_ms IS NULL OR confirm_expires_ms > ${b.next(now)}) RETURNING *`;
      const [confirmed] = toDeployments(await write(`confirming deployment ${id}`, [b.build(sql)]));
      return confirmed;
    },

    async expirePendingDeployments(now: number) {
      const b = statementBuilder(dialect);
      const sql =
        `UPDATE deployments SET status = 'expired', finished_at = ${b.next(new Date(now).toISOString())},` +
        ` error = ${b.next('the confirmation did not come in time')}` +
        ` WHERE status = 'pending' AND confirm_expires_ms <= ${b.next(now)} RETURNING *`;
      return toDeployments(await write('expiring pending deployments', [b.build(sql)])).sort(oldestFirst);
    },

    putDeployedPack: (state) => packs.put(state),
    getDeployedPack: (pack) => packs.get(pack),

    async listDeployedPacks() {
      const all = statementBuilder(dialect).build('SELECT * FROM deployed_packs ORDER BY pack');
      return (await read('listing deployed packs', all)).map(DEPLOYED_PACK_TABLE.fromRow);
    },

    async claimDueRollbacks(now: number, claimTtlMs: number) {
      const b = statementBuilder(dialect);
      const expires = now + claimTtlMs;
      const sql =
        `UPDATE deployed_packs SET rollback_state = 'claimed', rollback_claim = ${b.next(newId(now))},` +
        ` claim_expires_at = ${b.next(new Date(expires).toISOString())}, claim_expires_ms = ${b.next(expires)}` +
        ` WHERE rollback_ms <= ${b.next(now)} AND (rollback_state = 'scheduled'` +
        ` OR (rollback_state = 'claimed' AND claim_expires_ms <= ${b.next(now)})) RETURNING *`;
      const { rows } = await write('claiming due rollbacks', [b.build(sql)]);
      return rows.map(DEPLOYED_PACK_TABLE.fromRow).sort(byPack);
    },

    async settleRollbackClaim(pack: string, claim: string, patch: RollbackPatch) {
      const b = statementBuilder(dialect);
      const rollbackMs = epochMs(patch.rollback_at, `deployed pack ${pack} rollback_at`);
      const sql =
        `UPDATE deployed_packs SET rollback_at = ${b.next(patch.rollback_at)},` +
        ` rollback_ms = ${b.next(rollbackMs)}, rollback_state = ${b.next(patch.rollback_state)},` +
        ` rollback_attempts = ${b.next(patch.rollback_attempts)}, rollback_error = ${b.next(patch.rollback_error)},` +
        ` rollback_claim = NULL, claim_expires_at = NULL, claim_expires_ms = NULL` +
        ` WHERE pack = ${b.next(pack)} AND rollback_claim = ${b.next(claim)}`;
      const { changes } = await write(`settling the rollback of ${pack}`, [b.build(sql)]);
      return changes > 0;
    },
  };
}
