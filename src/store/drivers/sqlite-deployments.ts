import type Database from 'better-sqlite3';

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

/** What the SQLite driver lends its deployment methods: its group-commit writes and reads. */
export interface SqliteAccess {
  write<T>(action: string, op: () => T): Promise<Awaited<T>>;
  read<T>(action: string, op: () => T): Promise<T>;
  statement(sql: string): Database.Statement;
}

const DIALECT: DeploymentDialect = { placeholder: () => '?', unlimited: -1, position: 'instr' };

export function sqliteDeploymentMethods({ write, read, statement }: SqliteAccess): DeploymentMethods {
  return {
    async insertDeployment(deployment: Deployment) {
      const values = deploymentValues(deployment);
      return write(`inserting deployment ${deployment.id}`, () => {
        statement(insertDeploymentSql(DIALECT)).run(...values);
      });
    },

    async updateDeployment(id: string, patch: DeploymentPatch) {
      const { sql, params } = updateDeploymentSql(id, patch, DIALECT);
      return write(`updating deployment ${id}`, () => {
        const row = statement(sql).get(...params) as Row | undefined;
        if (!row)
          throw new NotFoundError(`store: deployment ${id} does not exist`, { code: 'E_STORE_NOT_FOUND' });
        return rowToDeployment(row);
      });
    },

    async getDeployment(id: string) {
      return read(`reading deployment ${id}`, () => {
        const row = statement('SELECT * FROM deployments WHERE id = ?').get(id) as Row | undefined;
        return row && rowToDeployment(row);
      });
    },

    async listDeployments(query: DeploymentQuery = {}) {
      const { sql, params } = listDeploymentsSql(query, DIALECT);
      return read('listing deployments', () => (statement(sql).all(...params) as Row[]).map(rowToDeployment));
    },

    async confirmDeployment(id: string, now: number) {
      const { sql, params } = confirmDeploymentSql(id, now, DIALECT);
      return write(`confirming deployment ${id}`, () => {
        const row = statement(sql).get(...params) as Row | undefined;
        return row && rowToDeployment(row);
      });
    },

    async expirePendingDeployments(now: number) {
      const { sql, params } = expirePendingSql(now, DIALECT);
      return write('expiring pending deployments', () =>
        (statement(sql).all(...params) as Row[]).map(rowToDeployment).sort((a, b) => (a.id < b.id ? -1 : 1)),
      );
    },

    async putDeployedPack(state: DeployedPack) {
      const values = deployedPackValues(state);
      return write(`writing deployed pack ${state.pack}`, () => {
        statement(putDeployedPackSql(DIALECT)).run(...values);
      });
    },

    async getDeployedPack(pack: string) {
      return read(`reading deployed pack ${pack}`, () => {
        const row = statement('SELECT * FROM deployed_packs WHERE pack = ?').get(pack) as Row | undefined;
        return row && rowToDeployedPack(row);
      });
    },

    async listDeployedPacks() {
      return read('listing deployed packs', () =>
        (statement('SELECT * FROM deployed_packs ORDER BY pack').all() as Row[]).map(rowToDeployedPack),
      );
    },

    async claimDueRollbacks(now: number, claimTtlMs: number) {
      const { sql, params } = claimDueRollbacksSql(now, claimTtlMs, newId(now), DIALECT);
      return write('claiming due rollbacks', () =>
        (statement(sql).all(...params) as Row[])
          .map(rowToDeployedPack)
          .sort((a, b) => a.pack.localeCompare(b.pack)),
      );
    },

    async settleRollbackClaim(pack: string, claim: string, patch: RollbackPatch) {
      const { sql, params } = settleRollbackSql(pack, claim, patch, DIALECT);
      return write(`settling the rollback of ${pack}`, () => statement(sql).run(...params).changes > 0);
    },
  };
}
