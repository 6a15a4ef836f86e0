import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Response } from 'express';
import { HubError, HubErrorCode } from '../common/hub-error';
import { ALLOWED_ROLES } from '../identity/auth.decorators';
import { BrowserSessionsService } from '../identity/browser-sessions.service';
import { Role } from '../identity/role';
import {
  ConsoleRequest,
  PASSWORD_CHANGE_ALLOWED,
  PasswordChangeRequired,
  SignInRequired,
} from './console-request';

const SAFE_METHODS = ['GET', 'HEAD'];

/**
 * Console pages: a valid session cookie (else a redirect to the sign-in page), the CSRF token of
 * that session on every form post, a password of the user's own (else a redirect to choose one),
 * and the route's roles (admins only unless it names more).
 */
@Injectable()
export class ConsoleSessionGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: BrowserSessionsService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const request = http.getRequest<ConsoleRequest>();
    const response = http.getResponse<Response>();
    const session = await this.sessions.identifyBrowser(request);
    if (!session) throw new SignInRequired();
    request.identity = session.identity;
    request.browserSession = session;
    response.locals.currentUser = session.identity;
    response.locals.csrfToken = session.csrfToken;
    response.locals.isAdmin = session.identity.role === Role.Admin;

    if (!SAFE_METHODS.includes(request.method)) {
      const submitted = (request.body as Record<string, unknown> | undefined)?._csrf;
      if (!this.sessions.isValidCsrfToken(session, submitted)) {
        throw new HubError(
          HubErrorCode.Forbidden,
          "This form has expired or did not come from the hub's console. Go back, reload the page and try again.",
        );
      }
    }

    const targets = [context.getHandler(), context.getClass()];
    // After the CSRF check, so a forged post is refused rather than redirected.
    if (
      session.mustChangePassword &&
      !this.reflector.getAllAndOverride<boolean>(PASSWORD_CHANGE_ALLOWED, targets)
    ) {
      throw new PasswordChangeRequired();
    }
    const allowed = this.reflector.getAllAndOverride<Role[]>(ALLOWED_ROLES, targets) ?? [
      Role.Admin,
    ];
    if (!allowed.includes(session.identity.role)) {
      throw new HubError(
        HubErrorCode.Forbidden,
        `This page is for ${allowed.join(' or ')} users; you are signed in as ${session.identity.name}, a ${session.identity.role}.`,
      );
    }
    return true;
  }
}
