import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { isApiPath } from '../common/api-path';
import { HubError, HubErrorCode } from '../common/hub-error';
import { ApiTokensService } from './api-tokens.service';
import { HubConfig } from '../config/hub-config';
import {
  ALLOWED_ROLES,
  CONSOLE_ROUTE,
  METRICS_ROUTE,
  PUBLIC_ROUTE,
  RequestWithIdentity,
} from './auth.decorators';
import { Role } from './role';
import { bearerTokenOf, constantTimeEquals } from './secrets';

/** Global: every route needs a hub identity unless marked @Public, and admin unless it says otherwise. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly apiTokens: ApiTokensService,
    private readonly config: HubConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;

    const request = context.switchToHttp().getRequest<RequestWithIdentity>();
    // Session cookies never authenticate the API: a browser sends them on cross-site requests too.
    if (
      !isApiPath(request.path) &&
      this.reflector.getAllAndOverride<boolean>(CONSOLE_ROUTE, targets)
    )
      return true;

    const token = bearerTokenOf(request.headers.authorization);
    if (!token) {
      throw new HubError(
        HubErrorCode.Unauthenticated,
        'An API token is required: send Authorization: Bearer <token>',
      );
    }
    // A scraper's token reads metrics and nothing else: it stands for no identity.
    if (this.config.metricsToken && constantTimeEquals(token, this.config.metricsToken)) {
      if (this.reflector.getAllAndOverride<boolean>(METRICS_ROUTE, targets)) return true;
      throw new HubError(
        HubErrorCode.Forbidden,
        'HUB_METRICS_TOKEN is accepted only by GET /api/metrics',
      );
    }
    const identity = await this.apiTokens.identify(token);
    if (!identity) {
      throw new HubError(HubErrorCode.Unauthenticated, 'The API token is not valid or was revoked');
    }
    request.identity = identity;

    const allowed = this.reflector.getAllAndOverride<Role[]>(ALLOWED_ROLES, targets) ?? [
      Role.Admin,
    ];
    if (!allowed.includes(identity.role)) {
      throw new HubError(
        HubErrorCode.Forbidden,
        `This needs the ${allowed.join(' or ')} role; the token has the ${identity.role} role`,
      );
    }
    return true;
  }
}
