import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Request } from 'express';
import { HubIdentity } from './hub-identity';
import { Role } from './role';

export const PUBLIC_ROUTE = 'hub:public';
export const ALLOWED_ROLES = 'hub:roles';
export const CONSOLE_ROUTE = 'hub:console';
export const METRICS_ROUTE = 'hub:metrics';

/** A route anyone may call without a token (only the health check). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/**
 * A console page: authenticated by the browser session (the console's own guard), not by a bearer
 * token. AuthGuard still demands a token for anything under /api, whatever a controller says.
 */
export const ConsoleRoute = () => SetMetadata(CONSOLE_ROUTE, true);

/** The metrics route: HUB_METRICS_TOKEN is accepted here (and nowhere else), besides admin tokens. */
export const MetricsRoute = () => SetMetadata(METRICS_ROUTE, true);

/** Roles allowed on a route; a route that names none is for admins only. */
export const AllowRoles = (...roles: Role[]) => SetMetadata(ALLOWED_ROLES, roles);

export type RequestWithIdentity = Request & { identity?: HubIdentity };

export const CurrentIdentity = createParamDecorator(
  (_data: unknown, context: ExecutionContext): HubIdentity => {
    const identity = context.switchToHttp().getRequest<RequestWithIdentity>().identity;
    if (!identity) throw new Error('CurrentIdentity used on a route without authentication');
    return identity;
  },
);
