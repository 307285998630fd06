import type { ContentRevision, ContentStore } from '../content-store.js';
import { text } from './column-values.js';
import { firstRow, nothing, type SqlConnection } from './sql-connection.js';
import { fixedStatement, type Row } from './sql-dialect.js';

const KEEP = 5;

const toRevision = (row: Row): ContentRevision => ({
  id: text(row['id']),
  node: text(row['node']),
  created_ms: Number(row['created_ms']),
});

/** Content revisions (migration 0022): numbered in order of publication, the last few kept. */
export function sqlContentStore({ dialect, write, read }: SqlConnection): ContentStore {
  const insert = fixedStatement(
    dialect,
    (p) =>
      'INSERT INTO content_revisions (seq, id, node, created_ms, archive)' +
      ` SELECT COALESCE(MAX(seq), 0) + 1, ${p(1)}, ${p(2)}, ${p(3)}, ${p(4)} FROM content_revisions`,
  );
  const prune = fixedStatement(
    dialect,
    () => `DELETE FROM content_revisions WHERE seq <= (SELECT MAX(seq) - ${KEEP} FROM content_revisions)`,
  );
  const latest = fixedStatement(
    dialect,
    () => 'SELECT id, node, created_ms FROM content_revisions ORDER BY seq DESC LIMIT 1',
  );
  const byId = fixedStatement(
    dialect,
    (p) => `SELECT * FROM content_revisions WHERE id = ${p(1)} ORDER BY seq DESC LIMIT 1`,
  );
  return {
    putContentRevision({ id, node, created_ms, archive }) {
      return write(
        `publishing content revision ${id}`,
        [insert(id, node, created_ms, archive), prune()],
        nothing,
      );
    },
    latestContentRevision() {
      return read('reading the content revision', latest(), firstRow(toRevision));
    },
    getContentRevision(id) {
      return read(
        `reading content revision ${id}`,
        byId(id),
        firstRow((row) => ({ ...toRevision(row), archive: text(row['archive']) })),
      );
    },
  };
}
