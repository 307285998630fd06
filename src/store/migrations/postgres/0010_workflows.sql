-- Workflow executions (orquesta, action-chain) keep their conductor state here as data: each step
-- (the state after an event, the child executions it requests) is one transaction. A child's key
-- (workflow, request) is unique, so a task's action is requested at most once; a delayed child
-- waits as `delayed` until due_ms.
CREATE TABLE workflows (
  execution TEXT COLLATE "C" PRIMARY KEY,
  kind TEXT NOT NULL,
  status TEXT NOT NULL,
  state JSON NOT NULL,
  finished INTEGER NOT NULL DEFAULT 0,
  updated_at TEXT NOT NULL
);
CREATE INDEX workflows_unfinished ON workflows (finished, execution);

CREATE TABLE workflow_children (
  execution TEXT COLLATE "C" PRIMARY KEY,
  workflow TEXT NOT NULL,
  request TEXT NOT NULL,
  due_ms BIGINT,
  UNIQUE (workflow, request)
);
CREATE INDEX workflow_children_due ON workflow_children (due_ms) WHERE due_ms IS NOT NULL;
