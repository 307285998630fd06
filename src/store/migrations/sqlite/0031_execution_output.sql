-- What a running action prints, one row per chunk as it was produced (st2's execution output), so
-- `execution tail` can show what came before it attached. Ids are time-ordered.
CREATE TABLE execution_output (
  id TEXT PRIMARY KEY NOT NULL,
  execution_id TEXT NOT NULL,
  action_ref TEXT NOT NULL,
  runner_ref TEXT NOT NULL,
  output_type TEXT NOT NULL,
  data TEXT NOT NULL,
  timestamp TEXT NOT NULL
);
CREATE INDEX execution_output_execution ON execution_output (execution_id, id);
