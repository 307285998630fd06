import type { FastifyInstance } from 'fastify';

import { helpEntries, formatHelp } from '../../chatops/format-help.js';
import { matchAlias } from '../../chatops/match-alias.js';
import type { Engine } from '../../engine/engine.js';
import { ValidationError } from '../../common/errors.js';
import type { QueryString } from '../query-params.js';
import { booleanParam, stringParam } from '../query-params.js';
import { objectBody, optionalText } from '../request-body.js';
import { serializeAlias } from '../serialize/serialize-alias.js';
import { notFound } from '../not-found.js';

/** `GET /actionalias`, `GET /actionalias/:ref`, `POST /actionalias/match`, `POST /chatops/help`. */
export function registerAliasRoutes(app: FastifyInstance, engine: Engine): void {
  const aliases = () => [...engine.snapshot().aliases.values()].sort((a, b) => a.ref.localeCompare(b.ref));

  app.get<{ Querystring: QueryString }>('/actionalias', async (request) => {
    const pack = stringParam(request.query, 'pack');
    const enabled =
      request.query['enabled'] === undefined ? undefined : booleanParam(request.query, 'enabled');
    return aliases()
      .filter((alias) => pack === undefined || alias.pack === pack)
      .filter((alias) => enabled === undefined || alias.enabled === enabled)
      .map(serializeAlias);
  });

  app.get<{ Params: { ref: string } }>('/actionalias/:ref', async (request) => {
    const alias = engine.snapshot().aliases.get(request.params.ref);
    if (!alias) {
      throw notFound(`action alias "${request.params.ref}" is not loaded`, 'actionalias', 'E_UNKNOWN_ALIAS');
    }
    return serializeAlias(alias);
  });

  // st2 answers {actionalias, display, representation}; Squall adds the values the format captured.
  app.post<{ Body: unknown }>('/actionalias/match', async (request) => {
    const body = objectBody(request.body, 'POST /actionalias/match', '{"command": "run date on web1"}');
    const command = body['command'];
    if (typeof command !== 'string' || command.trim() === '') {
      throw new ValidationError('api: POST /actionalias/match needs "command", the chat command text', {
        code: 'E_API_BODY',
      });
    }
    const match = matchAlias(aliases(), command.trim());
    return {
      actionalias: serializeAlias(match.alias),
      display: match.format.display,
      representation: match.format.representation,
      parameters: match.parameters,
    };
  });

  app.post<{ Body: unknown }>('/chatops/help', async (request) => {
    const body = objectBody(
      request.body ?? {},
      'POST /chatops/help',
      '{"user": "alice", "filter": "deploy"}',
    );
    const user = optionalText(body, 'user') ?? '';
    const filter = optionalText(body, 'filter') ?? '';
    const groups = body['groups'];
    if (groups !== undefined && !(Array.isArray(groups) && groups.every((g) => typeof g === 'string'))) {
      throw new ValidationError('api: POST /chatops/help "groups" must be a list of names', {
        code: 'E_API_BODY',
      });
    }
    const who = { user, ...(groups ? { groups: groups as string[] } : {}) };
    const helpstrings = helpEntries(aliases(), who, filter);
    return { available: helpstrings.length, helpstrings, message: formatHelp(aliases(), who, filter) };
  });
}
