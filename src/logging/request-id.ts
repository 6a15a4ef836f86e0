import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { randomUUID } from 'node:crypto';

/**
 * What an incoming X-Request-Id may be to be kept: a proxy's or a caller's id ties their logs to
 * the hub's. Bounded and plain (no spaces, quotes or control characters), so it cannot forge or
 * break a log line, a header or the console page that shows it; anything else gets a new UUID.
 */
export const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{1,64}$/;

export const REQUEST_ID_HEADER = 'X-Request-Id';

/** The caller's id when it is acceptable, else a new UUID. */
export function requestIdFor(sent: string | string[] | undefined): string {
  return typeof sent === 'string' && REQUEST_ID_PATTERN.test(sent) ? sent : randomUUID();
}

/** The id the request logger gave this request (also in its X-Request-Id response header). */
export const RequestId = createParamDecorator(
  (_data: unknown, context: ExecutionContext): string | undefined => {
    const { id } = context.switchToHttp().getRequest<IncomingMessage>();
    return typeof id === 'string' ? id : undefined;
  },
);
