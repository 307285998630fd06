import { access } from 'node:fs/promises';
import path from 'node:path';

import type { FastifyInstance } from 'fastify';

import type { Engine } from '../../engine/engine.js';
import type { NotFoundError } from '../../common/errors.js';
import { readSourceRecord } from '../../packs/manage/source-record.js';
import type { QueryString } from '../query-params.js';
import { stringParam } from '../query-params.js';
import { serializePack } from '../serialize/serialize-pack.js';
import { serializeReload } from '../serialize/serialize-reload.js';
import { notFound } from '../not-found.js';

/** pack.yaml refs (src/packs/pack-metadata.ts); anything else cannot name a pack folder to check. */
const PACK_REF = /^[a-z0-9_]+$/;

export function registerPackRoutes(app: FastifyInstance, engine: Engine): void {
  app.get('/packs', async (_request, reply) => {
    const snapshot = engine.snapshot();
    // In a cluster every node serves the same revision of the content (docs/scaling.md).
    const revision = engine.cluster?.contentRevision();
    if (revision) void reply.header('x-squall-content-revision', revision);
    return [...snapshot.packs.values()]
      .sort((a, b) => a.ref.localeCompare(b.ref))
      .map((pack) => serializePack(pack, snapshot));
  });

  app.get<{ Params: { ref: string } }>('/packs/:ref', async (request) => {
    const snapshot = engine.snapshot();
    const pack = snapshot.packs.get(request.params.ref);
    if (!pack) throw unknownPack(request.params.ref);
    const source = pack.bundled ? undefined : await readSourceRecord(pack.dir);
    return serializePack(pack, snapshot, source);
  });

  /** Reloads all content in one snapshot swap; `?pack=` narrows the report to that pack. */
  app.post<{ Querystring: QueryString }>('/packs/reload', async (request) => {
    const pack = stringParam(request.query, 'pack');
    if (pack !== undefined && !(await packMayExist(engine, pack))) throw unknownPack(pack);
    const snapshot = await engine.reload();
    if (pack !== undefined && !snapshot.packs.has(pack)) throw unknownPack(pack);
    return serializeReload(snapshot, pack);
  });
}

/** Loaded now, or a folder of that name with a pack.yaml copied into the home's packs/ since. */
async function packMayExist(engine: Engine, ref: string): Promise<boolean> {
  if (engine.snapshot().packs.has(ref)) return true;
  if (!PACK_REF.test(ref)) return false;
  return access(path.join(engine.home, 'packs', ref, 'pack.yaml')).then(
    () => true,
    () => false,
  );
}

function unknownPack(ref: string): NotFoundError {
  return notFound(`pack "${ref}" is not installed`, 'packs', 'E_UNKNOWN_PACK');
}
