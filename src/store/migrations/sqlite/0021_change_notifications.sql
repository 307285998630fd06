-- PostgreSQL announces datastore changes to the other nodes of a cluster (NOTIFY); a SQLite store
-- serves one process, whose datastore sees its own writes. Kept so both dialects number alike.
SELECT 1;
