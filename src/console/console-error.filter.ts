import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { logUnhandled, statusOfHubError } from '../common/error-log';
import { HubError } from '../common/hub-error';
import { PasswordChangeRequired, SignInRequired } from './console-request';
import { renderErrorPage } from './error-page';

export const CHANGE_PASSWORD_PAGE = '/account/password';

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
    if (exception instanceof PasswordChangeRequired) {
      return response.redirect(303, CHANGE_PASSWORD_PAGE);
    }
    if (exception instanceof HubError) {
      return renderErrorPage(response, statusOfHubError(this.logger, exception), exception.message);
    }
    if (exception instanceof HttpException) {
      return renderErrorPage(response, exception.getStatus(), exception.message);
    }
    const correlationId = logUnhandled(this.logger, exception);
    renderErrorPage(
      response,
      500,
      `An unexpected error happened; quote ${correlationId} to the hub's operators.`,
      correlationId,
    );
  }
}
