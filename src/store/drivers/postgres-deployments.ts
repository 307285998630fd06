import type { Pool, PoolClient, QueryResult, QueryResultRow } from 'pg';

import type { DeployedPack, Deployment, DeploymentPatch, RollbackPatch } from '../../domain/deployment.js';
import { newId } from '../../domain/ids.js';
import { NotFoundError } from '../../common/errors.js';
import type { DeploymentMethods } from '../deployment-methods.js';
import {
  deployedPackValues,
  deploymentValues,
  rowToDeployedPack,
  rowToDeployment,
} from '../deployment-rows.js';
import {
  claimDueRollbacksSql,
  confirmDeploymentSql,
  expirePendingSql,
  insertDeploymentSql,
  listDeploymentsSql,
  putDeployedPackSql,
  settleRollbackSql,
  updateDeploymentSql,
  type DeploymentDialect,
} from '../deployment-sql.js';
import type { Row } from '../record-rows.js';
import type { DeploymentQuery } from '../store.js';

/** What the PostgreSQL driver lends its deployment methods: group-commit writes, pool reads. */
export interface PostgresAccess {
  pool: Pool;
  write<T>(action: string, op: (client: PoolClient) => Promise<T>): Promise<T>;
  read<T>(action: string, op: () => Promise<T>): Promise<T>;
  query<R extends QueryResultRow = Row>(
    on: Pool | PoolClient,
    sql: string,
    values: unknown[],
  ): Promise<QueryResult<R>>;
}

const DIALECT: DeploymentDialect = { placeholder: (n) => `$${n}`, unlimited: null, position: 'strpos' };

export function postgresDeploymentMethods({ pool, write, read, query }: PostgresAccess): DeploymentMethods {
  return {
    async insertDeployment(deployment: Deployment) {
      const values = deploymentValues(deployment);
      await write(`inserting deployment ${deployment.id}`, (client) =>
        query(client, insertDeploymentSql(DIALECT), values),
      );
    },

    async updateDeployment(id: string, patch: DeploymentPatch) {
      const { sql, params } = updateDeploymentSql(id, patch, DIALECT);
      return write(`updating deployment ${id}`, async (client) => {
        const row = (await client.query<Row>(sql, params)).rows[0];
        if (!row)
          throw new NotFoundError(`store: deployment ${id} does not exist`, { code: 'E_STORE_NOT_FOUND' });
        return rowToDeployment(row);
      });
    },

    async getDeployment(id: string) {
      return read(`reading deployment ${id}`, async () => {
        const row = (await query(pool, 'SELECT * FROM deployments WHERE id = $1', [id])).rows[0];
        return row && rowToDeployment(row);
      });
    },

    async listDeployments(listQuery: DeploymentQuery = {}) {
      const { sql, params } = listDeploymentsSql(listQuery, DIALECT);
      return read('listing deployments', async () =>
        (await pool.query<Row>(sql, params)).rows.map(rowToDeployment),
      );
    },

    async confirmDeployment(id: string, now: number) {
      const { sql, params } = confirmDeploymentSql(id, now, DIALECT);
      return write(`confirming deployment ${id}`, async (client) => {
        const row = (await query(client, sql, params)).rows[0];
        return row && rowToDeployment(row);
      });
    },

    async expirePendingDeployments(now: number) {
      const { sql, params } = expirePendingSql(now, DIALECT);
      return write('expiring pending deployments', async (client) =>
        (await query(client, sql, params)).rows.map(rowToDeployment).sort((a, b) => (a.id < b.id ? -1 : 1)),
      );
    },

    async putDeployedPack(state: DeployedPack) {
      const values = deployedPackValues(state);
      await write(`writing deployed pack ${state.pack}`, (client) =>
        query(client, putDeployedPackSql(DIALECT), values),
      );
    },

    async getDeployedPack(pack: string) {
      return read(`reading deployed pack ${pack}`, async () => {
        const row = (await query(pool, 'SELECT * FROM deployed_packs WHERE pack = $1', [pack])).rows[0];
        return row && rowToDeployedPack(row);
      });
    },

    async listDeployedPacks() {
      return read('listing deployed packs', async () =>
        (await query(pool, 'SELECT * FROM deployed_packs ORDER BY pack', [])).rows.map(rowToDeployedPack),
      );
    },

    async claimDueRollbacks(now: number, claimTtlMs: number) {
      const { sql, params } = claimDueRollbacksSql(now, claimTtlMs, newId(now), DIALECT);
      return write('claiming due rollbacks', async (client) =>
        (await query(client, sql, params)).rows
          .map(rowToDeployedPack)
          .sort((a, b) => a.pack.localeCompare(b.pack)),
      );
    },

    async settleRollbackClaim(pack: string, claim: string, patch: RollbackPatch) {
      const { sql, params } = settleRollbackSql(pack, claim, patch, DIALECT);
      return write(
        `settling the rollback of ${pack}`,
        async (client) => ((await query(client, sql, params)).rowCount ?? 0) > 0,
      );
    },
  };
}
