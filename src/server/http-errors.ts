// Errors as HTTP answers, in one shape: `{"error": {"code", "message", "hint"?}, "details"?: [...]}`.
// FlywheelErrors map through the shared code → status table, with a few serving conditions that
// mean "try again later" answered 503; Fastify's own client errors (bad JSON, body too large,
// unsupported media type) keep their status; anything else is a bug, logged and answered with a
// plain 500 that reveals nothing.

import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { isFlywheelError } from '../core/errors.js';
import { problemsOf, type RequestProblem } from '../serving/request-helpers.js';

export interface ErrorBody {
  error: { code: string; message: string; hint?: string };
  details?: RequestProblem[];
}

/** Conditions that are temporary: the client may retry the same request. */
const UNAVAILABLE = new Set(['no_champion', 'log_queue_full', 'shutting_down', 'log_unavailable']);

export function errorBody(code: string, message: string, hint?: string, details?: RequestProblem[]): ErrorBody {
  return { error: { code, message, ...(hint === undefined ? {} : { hint }) }, ...(details === undefined || details.length === 0 ? {} : { details }) };
}

export function sendError(reply: FastifyReply, status: number, body: ErrorBody): FastifyReply {
  return reply.code(status).type('application/json; charset=utf-8').send(body);
}

/** Fastify's client errors, with a message and hint of ours. */
const FASTIFY_ERRORS: Record<string, { code: string; hint: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'payload_too_large', hint: 'send fewer records per request, or raise serving.max_body_bytes in flywheel.yaml' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: 'unsupported_media_type', hint: 'send the body as JSON with Content-Type: application/json' },
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'data_invalid', hint: 'the body must be valid JSON (NaN and Infinity are not JSON: send null for a missing value)' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'data_invalid', hint: 'send a JSON object body' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { code: 'data_invalid', hint: 'the Content-Length header does not match the body' },
};

export function statusAndBody(error: unknown): { status: number; body: ErrorBody; bug: boolean } {
  if (isFlywheelError(error)) {
    const reason = error.details?.reason;
    const status = typeof reason === 'string' && UNAVAILABLE.has(reason) ? 503 : error.httpStatus;
    return { status, body: errorBody(error.code, error.message, error.hint, problemsOf(error)), bug: error.code === 'internal' };
  }
  const fastifyError = error as Partial<FastifyError> | null;
  const status = fastifyError?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const known = fastifyError?.code === undefined ? undefined : FASTIFY_ERRORS[fastifyError.code];
    const message = fastifyError?.message ?? 'bad request';
    // JSON syntax errors arrive as a SyntaxError with status 400.
    const hint = known?.hint ?? (error instanceof SyntaxError ? FASTIFY_ERRORS.FST_ERR_CTP_INVALID_JSON_BODY!.hint : 'see docs/http-api.md');
    return { status, body: errorBody(known?.code ?? (status === 413 ? 'payload_too_large' : 'data_invalid'), message, hint), bug: false };
  }
  return { status: 500, body: errorBody('internal', 'internal error', 'this is a bug in Flywheel; the server log has the details'), bug: true };
}

export function handleError(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const { status, body, bug } = statusAndBody(error);
  if (bug) request.log.error({ err: error }, 'request failed');
  return sendError(reply, status, body);
}
