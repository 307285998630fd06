import type { FastifyInstance } from 'fastify';
import { interval } from 'rxjs/internal/observable/interval';
import { merge } from 'rxjs/internal/observable/merge';
import { map } from 'rxjs/internal/operators/map';

import type { Engine } from '../../engine/engine.js';
import { ValidationError } from '../../common/errors.js';
import { listParam, type QueryString } from '../query-params.js';
import { selectStreamEvents, streamEvents, STREAM_EVENT_NAMES } from '../stream/stream-events.js';

/** Seconds between heartbeat comments when squall.yaml does not say. */
export const DEFAULT_STREAM_HEARTBEAT_SECONDS = 15;

/**
 * st2's `GET /stream`: server-sent events from the bus (`event: <name>` / `data: <json>`), filtered
 * by `events`, `action_refs` and `execution_ids`, with a comment line as heartbeat so proxies and
 * clients see a live connection. Payloads are the REST API's shapes, masked like its answers.
 */
export function registerStreamRoutes(app: FastifyInstance, engine: Engine): void {
  // Open streams never go idle, so closing the server ends them first or it would wait forever.
  const open = new Set<() => void>();
  app.addHook('preClose', (done) => {
    for (const end of [...open]) end();
    done();
  });
  app.get<{ Querystring: QueryString }>('/stream', (request, reply) => {
    const events = listParam(request.query, 'events');
    for (const name of events ?? []) {
      if (!(STREAM_EVENT_NAMES as readonly string[]).includes(name)) {
        throw new ValidationError(
          `api: unknown stream event "${name}"; known: ${STREAM_EVENT_NAMES.join(', ')}`,
          { code: 'E_API_QUERY' },
        );
      }
    }
    const selected = selectStreamEvents({
      ...(events ? { events } : {}),
      ...optionalList('actionRefs', listParam(request.query, 'action_refs')),
      ...optionalList('executionIds', listParam(request.query, 'execution_ids')),
    });
    const heartbeatMs =
      (engine.config.api.stream_heartbeat_interval ?? DEFAULT_STREAM_HEARTBEAT_SECONDS) * 1000;
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    raw.write(': connected\n\n');
    const subscription = merge(
      streamEvents(engine.bus).pipe(
        selected,
        map(({ event, data }) => `event: ${event}\ndata: ${JSON.stringify(engine.secrets.mask(data))}\n\n`),
      ),
      interval(heartbeatMs).pipe(map(() => `: heartbeat ${new Date().toISOString()}\n\n`)),
    ).subscribe({
      next: (text) => raw.write(text),
      error: () => raw.end(),
      complete: () => raw.end(),
    });
    const close = (): void => {
      subscription.unsubscribe();
      open.delete(end);
    };
    const end = (): void => {
      close();
      raw.end();
    };
    open.add(end);
    request.raw.on('close', close);
    raw.on('close', close);
    raw.on('error', close);
  });
}

function optionalList<K extends string>(key: K, value: string[] | undefined): Partial<Record<K, string[]>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string[]>);
}
