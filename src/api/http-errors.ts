import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

import {
  AuthError,
  BackendError,
  ConflictError,
  ForbiddenError,
  NonRetriableError,
  NotFoundError,
  PayloadTooLargeError,
  SquallError,
  ValidationError,
} from '../common/errors.js';
import type { Logger } from '../common/logger.js';

/** The body of every error answer, as st2's API has it (`faultstring`) plus Squall's stable code. */
export interface ApiErrorBody {
  faultstring: string;
  code: string;
}

/** HTTP status for a typed error: what the caller can do about it. */
export function statusForError(error: unknown): number {
  if (error instanceof PayloadTooLargeError) return 413;
  if (error instanceof ValidationError) return 400;
  if (error instanceof NonRetriableError) return 400;
  if (error instanceof ForbiddenError) return 403;
  if (error instanceof AuthError) return 401;
  if (error instanceof NotFoundError) return 404;
  if (error instanceof ConflictError) return 409;
  if (error instanceof BackendError) return 503;
  if (error instanceof SquallError) return 500;
  const statusCode = (error as Partial<FastifyError> | null)?.statusCode;
  return typeof statusCode === 'number' && statusCode >= 400 && statusCode < 600 ? statusCode : 500;
}

export function errorBody(error: unknown, status: number): ApiErrorBody {
  if (error instanceof SquallError) return { faultstring: error.message, code: error.code };
  if (status >= 500) return { faultstring: 'internal error; see the server log', code: 'E_INTERNAL' };
  const fastifyError = error as Partial<FastifyError>;
  return {
    faultstring: fastifyError.message ?? 'bad request',
    code:
      fastifyError.code === 'FST_ERR_CTP_INVALID_JSON_BODY'
        ? 'E_VALIDATION'
        : (fastifyError.code ?? 'E_HTTP'),
  };
}

/** Every error, including fastify's own (bad JSON, unknown route), answers `{faultstring, code}`. */
export function installErrorHandlers(app: FastifyInstance, logger: Logger): void {
  app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const status = statusForError(error);
    if (status >= 500)
      logger.error({ err: error, url: request.url, method: request.method }, 'api request failed');
    return reply.status(status).send(errorBody(error, status));
  });
  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0] ?? request.url;
    return reply.status(404).send({
      faultstring: `no route ${request.method} ${path}; the API lives under /api/v1 (see GET /api/v1/health)`,
      code: 'E_NO_ROUTE',
    } satisfies ApiErrorBody);
  });
}
