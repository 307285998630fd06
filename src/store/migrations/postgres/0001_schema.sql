-- Squall store schema (PostgreSQL). Tables live in the store's schema (search_path). JSON columns
-- are `json`, which keeps the text as written (jsonb would reorder keys); timestamps are ISO-8601
-- text as the records carry them. Ids are time-ordered: "newest first" is ORDER BY id DESC, and
-- COLLATE "C" keeps that order byte-wise whatever the database's locale.

CREATE TABLE trigger_instances (
  id TEXT COLLATE "C" PRIMARY KEY,
  trigger TEXT NOT NULL,
  trigger_parameters JSON,
  payload JSON,
  occurrence_time TEXT NOT NULL,
  trace_id TEXT NOT NULL,
  status TEXT NOT NULL,
  error TEXT
);
CREATE INDEX trigger_instances_trigger ON trigger_instances (trigger, id);
CREATE INDEX trigger_instances_status ON trigger_instances (status, id);
CREATE INDEX trigger_instances_trace ON trigger_instances (trace_id);

CREATE TABLE enforcements (
  id TEXT COLLATE "C" PRIMARY KEY,
  rule TEXT NOT NULL,
  trigger_instance TEXT NOT NULL,
  execution TEXT,
  status TEXT NOT NULL,
  failure_reason TEXT,
  criteria JSON NOT NULL,
  enforced_at TEXT NOT NULL,
  trace_id TEXT NOT NULL
);
CREATE INDEX enforcements_rule ON enforcements (rule, id);
CREATE INDEX enforcements_trigger_instance ON enforcements (trigger_instance);
CREATE INDEX enforcements_execution ON enforcements (execution);

CREATE TABLE executions (
  id TEXT COLLATE "C" PRIMARY KEY,
  action TEXT NOT NULL,
  runner TEXT NOT NULL,
  parameters JSON NOT NULL,
  secret_parameters TEXT,
  status TEXT NOT NULL,
  result JSON,
  stdout TEXT NOT NULL,
  stderr TEXT NOT NULL,
  exit_code INTEGER,
  error TEXT,
  created_at TEXT NOT NULL,
  start_timestamp TEXT,
  end_timestamp TEXT,
  trigger_instance TEXT,
  rule TEXT,
  enforcement TEXT,
  parent TEXT,
  trace_id TEXT NOT NULL,
  context JSON NOT NULL
);
CREATE INDEX executions_action ON executions (action, id);
CREATE INDEX executions_status ON executions (status, id);
CREATE INDEX executions_rule ON executions (rule, id);
CREATE INDEX executions_trigger_instance ON executions (trigger_instance);
CREATE INDEX executions_parent ON executions (parent);
CREATE INDEX executions_trace ON executions (trace_id);

CREATE TABLE key_value_pairs (
  scope TEXT COLLATE "C" NOT NULL,
  key TEXT COLLATE "C" NOT NULL,
  value TEXT NOT NULL,
  secret BOOLEAN NOT NULL,
  expire_at TEXT,
  -- expire_at in epoch milliseconds, for comparisons whatever the ISO text's form.
  expire_ms BIGINT,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (scope, key)
);
CREATE INDEX key_value_pairs_expire ON key_value_pairs (expire_ms) WHERE expire_ms IS NOT NULL;
