import type { ClusterNode, ClusterNodeInfo, ClusterStore, Lease } from '../cluster-store.js';
import { fromJson, text, toJson } from './column-values.js';
import { nothing, type SqlConnection } from './sql-connection.js';
import { fixedStatement, type Row } from './sql-dialect.js';

const toLease = (row: Row): Lease => ({
  name: text(row['name']),
  holder: text(row['holder']),
  acquired_ms: Number(row['acquired_ms']),
  expires_ms: Number(row['expires_ms']),
});

const toNode = (row: Row): ClusterNode => ({
  ...(fromJson(row['info']) as ClusterNodeInfo),
  id: text(row['id']),
  started_ms: Number(row['started_ms']),
  heartbeat_ms: Number(row['heartbeat_ms']),
});

/** Leases and nodes (migration 0020): one conditional upsert takes or renews a lease. */
export function sqlClusterStore({ dialect, write, read }: SqlConnection): ClusterStore {
  // Taken when free, expired, or already ours; the RETURNING row says whether it is ours now.
  const acquire = fixedStatement(
    dialect,
    (p) =>
      `INSERT INTO cluster_leases (name, holder, acquired_ms, expires_ms) VALUES (${p(1)}, ${p(2)}, ${p(3)}, ${p(4)})` +
      ' ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_ms = excluded.expires_ms,' +
      ' acquired_ms = CASE WHEN cluster_leases.holder = excluded.holder' +
      ' THEN cluster_leases.acquired_ms ELSE excluded.acquired_ms END' +
      ` WHERE cluster_leases.holder = excluded.holder OR cluster_leases.expires_ms <= ${p(5)}` +
      ' RETURNING holder',
  );
  const release = fixedStatement(
    dialect,
    (p) => `DELETE FROM cluster_leases WHERE name = ${p(1)} AND holder = ${p(2)}`,
  );
  const releaseAll = fixedStatement(dialect, (p) => `DELETE FROM cluster_leases WHERE holder = ${p(1)}`);
  const leases = fixedStatement(
    dialect,
    (p) => `SELECT * FROM cluster_leases WHERE expires_ms > ${p(1)} ORDER BY name`,
  );
  const heartbeat = fixedStatement(
    dialect,
    (p) =>
      `INSERT INTO cluster_nodes (id, info, started_ms, heartbeat_ms) VALUES (${p(1)}, ${p(2)}, ${p(3)}, ${p(4)})` +
      ' ON CONFLICT (id) DO UPDATE SET info = excluded.info, heartbeat_ms = excluded.heartbeat_ms',
  );
  const nodes = fixedStatement(
    dialect,
    (p) => `SELECT * FROM cluster_nodes WHERE heartbeat_ms >= ${p(1)} ORDER BY started_ms, id`,
  );
  const removeNode = fixedStatement(dialect, (p) => `DELETE FROM cluster_nodes WHERE id = ${p(1)}`);

  return {
    acquireLease(name, holder, ttlMs, now = Date.now()) {
      return write(`taking lease ${name}`, [acquire(name, holder, now, now + ttlMs, now)], ({ rows }) =>
        rows.some((row) => row['holder'] === holder),
      );
    },
    releaseLease(name, holder) {
      return write(`releasing lease ${name}`, [release(name, holder)], nothing);
    },
    listLeases(now = Date.now()) {
      return read('listing leases', leases(now), (rows) => rows.map(toLease));
    },
    heartbeatNode(id, info, now = Date.now()) {
      const json = toJson(info, `node ${id}`);
      return write(`heartbeat of node ${id}`, [heartbeat(id, json, now, now)], nothing);
    },
    listNodes(since) {
      return read('listing nodes', nodes(since), (rows) => rows.map(toNode));
    },
    removeNode(id) {
      return write(`removing node ${id}`, [releaseAll(id), removeNode(id)], nothing);
    },
  };
}
