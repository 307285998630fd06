-- One enforcement per (trigger instance, rule), enforced by the store: a rule re-matched after a
-- crash finds its key taken and requests nothing. Rows from before this migration keep NULL (no
-- key), which a unique index allows any number of.
ALTER TABLE enforcements ADD COLUMN once_key TEXT;
CREATE UNIQUE INDEX enforcements_once ON enforcements (once_key);
