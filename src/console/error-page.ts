import { HttpStatus } from '@nestjs/common';
import type { Response } from 'express';

const TITLES: Record<number, string> = {
  400: 'That did not work',
  403: 'Not allowed',
  404: 'Not found',
  409: 'That did not work',
  429: 'Too many attempts',
  500: 'Something went wrong',
  502: 'Atlassian did not answer as expected',
};

/** The console's error page; a correlation id is shown for the hub's operators to look up. */
export function renderErrorPage(
  response: Response,
  status: number,
  message: string,
  correlationId?: string,
): void {
  response.status(status).render('error.njk', {
    title: TITLES[status] ?? HttpStatus[status] ?? 'Error',
    status,
    message,
    correlationId,
  });
}
