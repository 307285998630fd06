-- Every node's datastore cache learns of a key written or deleted by another node: the change is
-- announced by NOTIFY on "<schema>_key_value" when its transaction commits (docs/scaling.md).
-- The payload is the key, never the value.
CREATE FUNCTION squall_notify_key_value() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changed RECORD;
BEGIN
  IF TG_OP = 'DELETE' THEN changed := OLD; ELSE changed := NEW; END IF;
  PERFORM pg_notify(TG_TABLE_SCHEMA || '_key_value', json_build_array(changed.scope, changed.key)::text);
  RETURN NULL;
END
$$;

CREATE TRIGGER key_value_pairs_notify AFTER INSERT OR UPDATE OR DELETE ON key_value_pairs
  FOR EACH ROW EXECUTE FUNCTION squall_notify_key_value();
