import type { FastifyInstance } from 'fastify';

import type { Engine } from '../../engine/create-engine.js';
import { NotFoundError } from '../../errors.js';
import type { QueryString } from '../query-params.js';
import { stringParam } from '../query-params.js';
import { serializePack } from '../serialize/serialize-pack.js';
import { serializeReload } from '../serialize/serialize-reload.js';

export function registerPackRoutes(app: FastifyInstance, engine: Engine): void {
  app.get('/packs', async () => {
    const snapshot = engine.snapshot();
    return [...snapshot.packs.values()]
      .sort((a, b) => a.ref.localeCompare(b.ref))
      .map((pack) => serializePack(pack, snapshot));
  });

  app.get<{ Params: { ref: string } }>('/packs/:ref', async (request) => {
    const snapshot = engine.snapshot();
    const pack = snapshot.packs.get(request.params.ref);
    if (!pack) throw unknownPack(request.params.ref);
    return serializePack(pack, snapshot);
  });

  /** Reloads all content in one snapshot swap; `?pack=` narrows the report to that pack. */
  app.post<{ Querystring: QueryString }>('/packs/reload', async (request) => {
    const pack = stringParam(request.query, 'pack');
    const snapshot = await engine.reload();
    if (pack !== undefined && !snapshot.packs.has(pack)) throw unknownPack(pack);
    return serializeReload(snapshot, pack);
  });
}

function unknownPack(ref: string): NotFoundError {
  return new NotFoundError(`pack "${ref}" is not installed; see GET /api/v1/packs`, {
    code: 'E_UNKNOWN_PACK',
  });
}
