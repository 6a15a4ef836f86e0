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
 * Express's body parsers (JSON for the API, form-encoded for the console) with the hub's limit,
 * followed by the answer to a body they cannot read. That answer is a 4xx with a fixed message:
 * the parser's own text can quote the body (a secret in a malformed credential, say), and its
 * errors would otherwise reach the error filter as unexpected 500s.
 */
export function configureRequestBodies(app: NestExpressApplication): void {
  app.useBodyParser('json', { limit: REQUEST_BODY_LIMIT_BYTES });
  app.useBodyParser('urlencoded', { extended: true, limit: REQUEST_BODY_LIMIT_BYTES });
  app.use(answerUnreadableBody);
}

function answerUnreadableBody(
  error: unknown,
  request: Request,
  response: Response,
  next: NextFunction,
): void {
  const failure = unreadableBodyOf(error);
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
function unreadableBodyOf(error: unknown): { status: number; message: string } | undefined {
  const { type, status, expose } = (error ?? {}) as {
    type?: unknown;
    status?: unknown;
    expose?: unknown;
  };
  if (typeof type !== 'string' || typeof status !== 'number' || expose !== true) return undefined;
  if (status < 400 || status >= 500) return undefined;
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
    default:
      return { status, message: 'The request body could not be read' };
  }
}
