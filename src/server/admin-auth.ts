// The admin routes' guard: a bearer token read at start from the environment variable that
// serving.admin_token_env names. Without a token the routes are off (404); a wrong or missing
// token is refused. Tokens are compared as SHA-256 digests with timingSafeEqual, so the comparison
// takes the same time whatever the token's length or how much of it matches.

import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { errorBody, sendError } from './http-errors.js';

export interface AdminAuth {
  /** The expected token; undefined or empty turns the admin routes off. */
  token: string | undefined;
  /** The environment variable it came from, for messages. */
  envName: string;
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

export function tokensMatch(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

/** Answers the request and returns false unless it carries the admin token. */
export function checkAdmin(auth: AdminAuth, request: FastifyRequest, reply: FastifyReply): boolean {
  if (auth.token === undefined || auth.token === '') {
    sendError(reply, 404, errorBody('not_found', 'admin routes are off', `set the environment variable ${auth.envName} (serving.admin_token_env) to a secret token before starting the server`));
    return false;
  }
  const header = request.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  if (match === null) {
    reply.header('WWW-Authenticate', 'Bearer realm="flywheel-admin"');
    sendError(reply, 401, errorBody('unauthorized', 'the admin routes need an Authorization: Bearer <token> header', `send the token held in ${auth.envName} on the server`));
    return false;
  }
  if (!tokensMatch(match[1]!, auth.token)) {
    sendError(reply, 403, errorBody('forbidden', 'the admin token is not valid', `send the token held in ${auth.envName} on the server`));
    return false;
  }
  return true;
}
