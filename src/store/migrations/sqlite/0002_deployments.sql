-- Pack deployments (packs.deploy): the history of deploys, and what each pack serves now with its
-- branch lock and its rollback time. Times that queries compare are also kept in epoch ms (*_ms).

CREATE TABLE deployments (
  id TEXT PRIMARY KEY NOT NULL,
  repo_name TEXT NOT NULL,
  repo_url TEXT NOT NULL,
  branch TEXT NOT NULL,
  revision TEXT,
  packs TEXT NOT NULL,
  -- ",a,b,": a pack's deployments are those whose index holds ",<pack>,".
  pack_index TEXT NOT NULL,
  requested_packs TEXT,
  mode TEXT NOT NULL,
  requested_by TEXT NOT NULL,
  status TEXT NOT NULL,
  execution TEXT,
  force INTEGER NOT NULL,
  changelog TEXT NOT NULL,
  notification TEXT,
  error TEXT,
  details TEXT NOT NULL,
  created_at TEXT NOT NULL,
  started_at TEXT,
  finished_at TEXT,
  rollback_at TEXT,
  confirm_expires_at TEXT,
  confirm_expires_ms INTEGER
);
CREATE INDEX deployments_repo ON deployments (repo_name, id);
CREATE INDEX deployments_status ON deployments (status, id);
CREATE INDEX deployments_pending ON deployments (confirm_expires_ms) WHERE status = 'pending';

CREATE TABLE deployed_packs (
  pack TEXT PRIMARY KEY NOT NULL,
  repo_name TEXT NOT NULL,
  repo_url TEXT NOT NULL,
  branch TEXT NOT NULL,
  default_branch TEXT NOT NULL,
  revision TEXT NOT NULL,
  deployment TEXT NOT NULL,
  deployed_by TEXT NOT NULL,
  deployed_at TEXT NOT NULL,
  locked_by TEXT,
  lock_expires_at TEXT,
  rollback_at TEXT,
  rollback_ms INTEGER,
  rollback_state TEXT,
  rollback_claim TEXT,
  claim_expires_at TEXT,
  claim_expires_ms INTEGER,
  rollback_attempts INTEGER NOT NULL DEFAULT 0,
  rollback_error TEXT
);
CREATE INDEX deployed_packs_rollback ON deployed_packs (rollback_ms) WHERE rollback_ms IS NOT NULL;
