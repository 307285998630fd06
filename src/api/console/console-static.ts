import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Where `npm run build` writes the console: dist/console beside dist/api (or from src/, the repo's dist/). */
export function defaultConsoleDir(): string | undefined {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.resolve(here, '../../console'), path.resolve(here, '../../../dist/console')];
  return candidates.find((dir) => existsSync(path.join(dir, 'index.html')));
}

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>Squall</title>
<p>The Squall console is not built. Run <code>npm run build</code> (it writes dist/console), then reload.
The API answers under <a href="/api/v1/health">/api/v1</a>.</p>`;

/**
 * The web console: its static files, and index.html for every other GET outside /api so the
 * single-page app's own paths (/executions/<id>) load. The files hold no data, so they are public;
 * the page asks for the API key when the API answers 401.
 */
export async function registerConsole(app: FastifyInstance, folder: string | undefined): Promise<void> {
  const dir = folder !== undefined && existsSync(path.join(folder, 'index.html')) ? folder : undefined;
  if (dir !== undefined) {
    await app.register(fastifyStatic, { root: dir, serve: false, index: false });
  }
  const page = (request: FastifyRequest, reply: FastifyReply): FastifyReply | void => {
    const pathname = request.url.split('?')[0] ?? '/';
    if (pathname === '/api' || pathname.startsWith('/api/')) return reply.callNotFound();
    const noStore = { 'cache-control': 'no-cache' };
    if (dir === undefined) return reply.status(503).headers(noStore).type('text/html').send(NOT_BUILT);
    if (pathname.startsWith('/assets/')) {
      const asset = pathname.slice(1);
      if (!existsSync(path.join(dir, asset))) return reply.callNotFound();
      // Vite names assets by content hash, so a browser may keep them.
      return reply.sendFile(asset, { maxAge: '365d', immutable: true });
    }
    return reply.headers(noStore).sendFile('index.html', { cacheControl: false });
  };
  app.get('/', { config: { squallPublic: true } }, page);
  app.get('/*', { config: { squallPublic: true } }, page);
}
