import { applyDecorators, Controller, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { ConsoleRoute } from '../identity/auth.decorators';
import { ConsoleErrorFilter } from './console-error.filter';
import { ConsoleSessionGuard } from './console-session.guard';

/** A console controller: pages behind the browser session, errors rendered as pages, not in OpenAPI. */
export const ConsoleController = (path = '') =>
  applyDecorators(
    Controller(path),
    ConsoleRoute(),
    UseGuards(ConsoleSessionGuard),
    UseFilters(ConsoleErrorFilter),
    ApiExcludeController(),
  );

/** The sign-in page: a console route that needs no session. */
export const PublicConsoleController = (path = '') =>
  applyDecorators(
    Controller(path),
    ConsoleRoute(),
    UseFilters(ConsoleErrorFilter),
    ApiExcludeController(),
  );
