import type { FastifyInstance, FastifyReply } from 'fastify';

import {
  errorMessage,
  NotFoundError,
  PayloadTooLargeError,
  SquallError,
  ValidationError,
} from '../../common/errors.js';
import type { Logger } from '../../common/logger.js';
import { SaturatedError } from '../../pipeline/backpressure.js';

/** Errors as st2 answers them (`faultstring`), with Squall's stable code. */
export function replyError(reply: FastifyReply, status: number, code: string, message: string) {
  return reply.code(status).send({ faultstring: message, code });
}

/** fastify's own errors in this scope (413 body too large, ...) in the same shape. */
export function sendSquallErrors(scope: FastifyInstance): void {
  scope.setErrorHandler((error: { statusCode?: number; code?: string; message: string }, _request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
    return replyError(reply, status, error.code ?? 'E_WEBHOOK', error.message);
  });
}

/** A payload the trigger schema refuses is the caller's fault (400); a store failure is ours (500). */
export function dispatchFailure(reply: FastifyReply, logger: Logger, hook: string, error: unknown) {
  if (error instanceof SaturatedError) {
    reply.header('retry-after', String(error.retryAfterSeconds));
    return replyError(reply, error.status, error.code, `webhook ${hook}: ${error.message}`);
  }
  if (error instanceof ValidationError || error instanceof NotFoundError) {
    const status = error instanceof PayloadTooLargeError ? 413 : 400;
    return replyError(reply, status, error.code, `webhook ${hook}: ${error.message}`);
  }
  logger.error({ hook, err: errorMessage(error) }, 'webhook dispatch failed');
  const code = error instanceof SquallError ? error.code : 'E_WEBHOOK_DISPATCH';
  return replyError(
    reply,
    500,
    code,
    `webhook ${hook}: the event could not be stored: ${errorMessage(error)}`,
  );
}
