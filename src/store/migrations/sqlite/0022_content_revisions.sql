-- Content distributed through the store (docs/scaling.md): each revision is the install's content
-- folders (packs/, rules/, sensors/, configs/) as one gzip'd archive; every node serves the latest.
CREATE TABLE content_revisions (
  seq BIGINT PRIMARY KEY,
  id TEXT NOT NULL,
  node TEXT NOT NULL,
  created_ms BIGINT NOT NULL,
  archive TEXT NOT NULL
);
