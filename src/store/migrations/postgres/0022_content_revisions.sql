-- Content distributed through the store (docs/scaling.md): each revision is the install's content
-- folders (packs/, rules/, sensors/, configs/) as one gzip'd archive; every node serves the latest.
CREATE TABLE content_revisions (
  seq BIGINT PRIMARY KEY,
  id TEXT NOT NULL,
  node TEXT NOT NULL,
  created_ms BIGINT NOT NULL,
  archive TEXT NOT NULL
);

-- Nodes learn of a new revision at once (NOTIFY "<schema>_content"), not at their next poll.
CREATE FUNCTION squall_notify_content() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify(TG_TABLE_SCHEMA || '_content', json_build_array(NEW.id)::text);
  RETURN NULL;
END
$$;

CREATE TRIGGER content_revisions_notify AFTER INSERT ON content_revisions
  FOR EACH ROW EXECUTE FUNCTION squall_notify_content();
