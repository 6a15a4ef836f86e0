import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import { isApiPath } from './api-path';
import { HubError, httpStatusOf } from './hub-error';

/** The one place where failures become HTTP answers. */
@Catch()
export class HubErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (exception instanceof HubError) {
      const status = httpStatusOf(exception.code);
      if (status >= 500) this.logger.error(`${exception.code}: ${exception.message}`);
      response.status(status).json({
        statusCode: status,
        error: exception.code,
        message: exception.message,
        ...(exception.fieldErrors.length > 0 ? { errors: exception.fieldErrors } : {}),
        ...(exception.details ?? {}),
      });
      return;
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      // A browser that mistypes a console address gets the console's page, not JSON.
      const request = host.switchToHttp().getRequest<Request>();
      if (status === 404 && !isApiPath(request.path) && request.accepts('html') === 'html') {
        response.status(404).render('error.njk', {
          title: 'Not found',
          status,
          message: 'There is no page at this address.',
        });
        return;
      }
      const body = exception.getResponse();
      const raw = typeof body === 'string' ? body : (body as { message?: unknown }).message;
      const message = typeof raw === 'string' || Array.isArray(raw) ? raw : exception.message;
      // Fields a handler put in its exception (e.g. the health check's database status) stay.
      const extra = typeof body === 'object' && body !== null ? body : {};
      response.status(status).json({
        ...extra,
        statusCode: status,
        error: HttpStatus[status]?.toLowerCase() ?? 'error',
        message: Array.isArray(message) ? message.map(String).join('; ') : message,
      });
      return;
    }
    // Never echo the cause: it may hold data from the request or the database.
    const correlationId = randomUUID();
    this.logger.error(
      `Unhandled error ${correlationId}: ${exception instanceof Error ? (exception.stack ?? exception.message) : String(exception)}`,
    );
    response.status(500).json({
      statusCode: 500,
      error: 'internal_error',
      message: `Internal error; quote ${correlationId} to the hub's operators`,
      correlationId,
    });
  }
}
