import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { HubError, httpStatusOf } from '../common/hub-error';
import { SignInRequired } from './console-request';

const TITLES: Record<number, string> = {
  400: 'That did not work',
  403: 'Not allowed',
  404: 'Not found',
  409: 'That did not work',
  429: 'Too many attempts',
  500: 'Something went wrong',
  502: 'Atlassian did not answer as expected',
};

/** Console failures as pages (the API's filter answers JSON): sign-in redirect, 403, 404, 500. */
@Catch()
export class ConsoleErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Console');

  catch(exception: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<Request>();
    const response = host.switchToHttp().getResponse<Response>();
    if (exception instanceof SignInRequired) {
      const next = request.method === 'GET' ? request.originalUrl : '/';
      const target = next === '/' ? '/sign-in' : `/sign-in?next=${encodeURIComponent(next)}`;
      return response.redirect(303, target);
    }
    let status: number;
    let message: string;
    let correlationId: string | undefined;
    if (exception instanceof HubError) {
      status = httpStatusOf(exception.code);
      message = exception.message;
      if (status >= 500) this.logger.error(`${exception.code}: ${exception.message}`);
    } else if (exception instanceof HttpException) {
      status = exception.getStatus();
      message = exception.message;
    } else {
      status = 500;
      correlationId = randomUUID();
      message = `An unexpected error happened; quote ${correlationId} to the hub's operators.`;
      this.logger.error(
        `Unhandled error ${correlationId}: ${exception instanceof Error ? (exception.stack ?? exception.message) : String(exception)}`,
      );
    }
    response.status(status).render('error.njk', {
      title: TITLES[status] ?? HttpStatus[status] ?? 'Error',
      status,
      message,
      correlationId,
    });
  }
}
