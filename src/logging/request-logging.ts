import type { Request, RequestHandler } from 'express';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger as Pino } from 'pino';
import { pinoHttp } from 'pino-http';
import type { RequestWithIdentity } from '../identity/auth.decorators';
import { REQUEST_ID_HEADER, requestIdFor } from './request-id';

/**
 * The first middleware of the hub: gives each request its id (X-Request-Id, in and out), a
 * logger that writes that id on every line (nestjs-pino hands it to Nest's loggers), and one line
 * when the answer is sent. That line names the method, the path without its query string (which
 * may hold data), the status, the time taken and the caller; never headers or bodies.
 */
export function requestLogging(root: Pino): RequestHandler {
  const line = (request: IncomingMessage, response: ServerResponse, durationMs: number) => ({
    method: request.method,
    path: pathOf(request),
    status: response.statusCode,
    durationMs,
    caller: (request as RequestWithIdentity).identity?.name,
  });
  const message = (request: IncomingMessage, response: ServerResponse) =>
    `${request.method} ${pathOf(request)} ${response.statusCode}`;
  return pinoHttp({
    logger: root,
    genReqId: (request, response) => {
      const id = requestIdFor(request.headers[REQUEST_ID_HEADER.toLowerCase()]);
      response.setHeader(REQUEST_ID_HEADER, id);
      return id;
    },
    customAttributeKeys: { reqId: 'requestId' },
    // The root logger's serializers and masking apply as they are.
    wrapSerializers: false,
    // pino-http binds the whole request to a child logger on every request, even when (as here)
    // that child never writes: without a serializer, pino tries JSON.stringify on the request,
    // fails on its circular socket, and walks the whole object graph with its safe stringifier,
    // about a fifth of the hub's CPU per request. No line of the hub carries the request object.
    serializers: { req: () => undefined },
    // The request's own lines carry only its id: the request and response objects stay out.
    quietReqLogger: true,
    quietResLogger: true,
    customSuccessObject: (request, response, fields: { responseTime: number }) =>
      line(request, response, fields.responseTime),
    customErrorObject: (request, response, _error, fields: { responseTime: number }) =>
      line(request, response, fields.responseTime),
    customSuccessMessage: (request, response, durationMs) =>
      `${message(request, response)} ${durationMs}ms`,
    customErrorMessage: message,
  });
}

function pathOf(request: IncomingMessage): string {
  return ((request as Request).originalUrl ?? request.url ?? '').split('?')[0];
}
