import { HttpStatus } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { renderErrorPage } from '../console/error-page';
import { isApiPath } from './api-path';

/**
 * Large enough for the largest input an action schema allows (a 32,767-character issue
 * description, form-encoded from the console's action runner, can pass 300 kB), small enough
 * that a client cannot make the hub buffer much.
 */
export const REQUEST_BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * How deeply a body may nest arrays and objects (JSON) or brackets (form fields). The hub's own
 * bodies nest three or four levels and an action's free-form inputs (Jira field values) a few
 * more; past a few thousand, the recursive walks of class-transformer, class-validator and Ajv
 * overflow the stack. The limit is checked on the raw text, before anything walks the body.
 */
export const REQUEST_BODY_MAX_DEPTH = 32;

const TOO_DEEP_MESSAGE = `The request body nests arrays and objects deeper than the hub accepts (${REQUEST_BODY_MAX_DEPTH} levels)`;

/**
 * Express's body parsers (JSON for the API, form-encoded for the console) with the hub's limit,
 * followed by the answer to a body they cannot read. That answer is a 4xx with a fixed message:
 * the parser's own text can quote the body (a secret in a malformed credential, say), and its
 * errors would otherwise reach the error filter as unexpected 500s.
 */
export function configureRequestBodies(app: NestExpressApplication): void {
  app.useBodyParser('json', { limit: REQUEST_BODY_LIMIT_BYTES, verify: checkJsonBody });
  app.useBodyParser('urlencoded', {
    extended: true,
    limit: REQUEST_BODY_LIMIT_BYTES,
    // qs refuses deeper brackets (strictDepth), which answerUnreadableBody turns into a 400.
    depth: REQUEST_BODY_MAX_DEPTH,
  });
  app.use(answerUnreadableBody);
}

/**
 * body-parser's `verify` hook: it sees the raw bytes before JSON.parse builds anything. An error
 * thrown here carries its own status and `type` through body-parser to answerUnreadableBody.
 */
function checkJsonBody(
  _request: Request,
  _response: Response,
  body: Buffer,
  charset: string,
): void {
  // RFC 8259 has JSON between systems in UTF-8; the depth scan below reads UTF-8 bytes, where a
  // bracket or quote byte is always that character (in UTF-16 it can be half of another one).
  if (charset.toLowerCase() !== 'utf-8' && charset.toLowerCase() !== 'utf8') {
    throw bodyError(415, 'charset.unsupported');
  }
  if (jsonDepthExceeds(body, REQUEST_BODY_MAX_DEPTH)) throw bodyError(400, 'entity.too.deep');
}

function bodyError(status: number, type: string): Error {
  return Object.assign(new Error(type), { status, type, expose: true });
}

const OPEN_BRACKET = 0x5b;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACKET = 0x5d;
const CLOSE_BRACE = 0x7d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Whether JSON text opens more than `limit` arrays/objects inside one another: one pass over the
 * bytes, brackets inside strings skipped, no recursion and nothing allocated. Malformed text is
 * left to JSON.parse to refuse.
 */
export function jsonDepthExceeds(text: Uint8Array, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const byte = text[index];
    if (inString) {
      if (byte === BACKSLASH) index++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (byte === OPEN_BRACKET || byte === OPEN_BRACE) {
      if (++depth > limit) return true;
    } else if (byte === CLOSE_BRACKET || byte === CLOSE_BRACE) {
      depth--;
    }
  }
  return false;
}

function answerUnreadableBody(
  error: unknown,
  request: Request,
  response: Response,
  next: NextFunction,
): void {
  const failure = unreadableBodyOf(error, request);
  if (!failure) return next(error);
  if (!isApiPath(request.path) && request.accepts('html') === 'html') {
    return renderErrorPage(response, failure.status, failure.message);
  }
  response.status(failure.status).json({
    statusCode: failure.status,
    error: HttpStatus[failure.status]?.toLowerCase() ?? 'bad_request',
    message: failure.message,
  });
}

/** body-parser's errors carry a `type` and an exposable 4xx status (the http-errors convention). */
function unreadableBodyOf(
  error: unknown,
  request: Request,
): { status: number; message: string } | undefined {
  const { type, status, expose } = (error ?? {}) as {
    type?: unknown;
    status?: unknown;
    expose?: unknown;
  };
  if (typeof status !== 'number' || expose !== true) return undefined;
  if (status < 400 || status >= 500) return undefined;
  // A body that does not decompress is zlib's error passed on by body-parser without a `type`.
  if (type === undefined && isEncoded(request)) {
    return {
      status: 400,
      message: 'The request body could not be decompressed as its Content-Encoding says',
    };
  }
  if (typeof type !== 'string') return undefined;
  switch (type) {
    case 'entity.parse.failed':
      return { status, message: 'The request body is not valid JSON' };
    case 'entity.too.large':
      return {
        status,
        message: `The request body is larger than the hub accepts (${REQUEST_BODY_LIMIT_BYTES / 1024 / 1024} MB)`,
      };
    case 'charset.unsupported':
      return { status, message: "The request body's charset is not supported; send UTF-8" };
    case 'encoding.unsupported':
      return { status, message: "The request body's Content-Encoding is not supported" };
    case 'entity.too.deep':
    case 'querystring.parse.rangeError':
      return { status: 400, message: TOO_DEEP_MESSAGE };
    default:
      return { status, message: 'The request body could not be read' };
  }
}

function isEncoded(request: Request): boolean {
  const encoding = request.headers['content-encoding'];
  return typeof encoding === 'string' && encoding.trim().toLowerCase() !== 'identity';
}
