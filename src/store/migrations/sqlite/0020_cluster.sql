-- Scale-out (docs/scaling.md): leases for what runs once per cluster (a timer, a pack sensor),
-- and the nodes of the cluster with their last heartbeat. Times are epoch milliseconds.
CREATE TABLE cluster_leases (
  name TEXT PRIMARY KEY,
  holder TEXT NOT NULL,
  acquired_ms BIGINT NOT NULL,
  expires_ms BIGINT NOT NULL
);

CREATE TABLE cluster_nodes (
  id TEXT PRIMARY KEY,
  info TEXT NOT NULL,
  started_ms BIGINT NOT NULL,
  heartbeat_ms BIGINT NOT NULL
);
