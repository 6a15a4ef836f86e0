import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { renderErrorPage } from '../console/error-page';
import { isApiPath } from './api-path';
import { logUnhandled, statusOfHubError } from './error-log';
import { HubError } from './hub-error';

/** The one place where failures become HTTP answers. */
@Catch()
export class HubErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (exception instanceof HubError) {
      const status = statusOfHubError(this.logger, exception);
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
        return renderErrorPage(response, 404, 'There is no page at this address.');
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
    const correlationId = logUnhandled(this.logger, exception);
    response.status(500).json({
      statusCode: 500,
      error: 'internal_error',
      message: `Internal error; quote ${correlationId} to the hub's operators`,
      correlationId,
    });
  }
}
