import type { LoggerService } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { HubError, httpStatusOf } from './hub-error';

/** The HTTP status of a domain error; a 5xx is the hub's own failure, so it goes to the log. */
export function statusOfHubError(logger: LoggerService, error: HubError): number {
  const status = httpStatusOf(error.code);
  if (status >= 500) logger.error(`${error.code}: ${error.message}`);
  return status;
}

/**
 * Logs a failure nothing handled, with its stack, under a new correlation id, and returns the id.
 * Answers quote only the id, never the cause: it may hold data from the request or the database.
 */
export function logUnhandled(logger: LoggerService, exception: unknown): string {
  const correlationId = randomUUID();
  logger.error(
    `Unhandled error ${correlationId}: ${exception instanceof Error ? (exception.stack ?? exception.message) : String(exception)}`,
  );
  return correlationId;
}
