import { Body, Get, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { randomBytes } from 'node:crypto';
import { HubConfig } from '../config/hub-config';
import { BrowserSessionsService } from '../identity/browser-sessions.service';
import { SignInDto } from '../identity/dto/user.dto';
import { constantTimeEquals } from '../identity/secrets';
import {
  isServedOverHttps,
  readCookie,
  sessionCookieName,
  sessionCookieOptions,
} from '../identity/session-cookie';
import { PublicConsoleController } from './console.decorators';
import { renderFormFailure, textField, validateAs } from './console-forms';
import type { FormBody } from './console-request';

/**
 * The sign-in form has no session yet to tie a CSRF token to, so it uses a double-submit cookie:
 * a random value in an HttpOnly cookie that the form must echo. Another site can neither read it
 * nor set it, so it cannot sign a browser in to an account of its choosing.
 */
const SIGN_IN_COOKIE = 'hub_sign_in';
const VIEW = 'sign-in.njk';

@PublicConsoleController()
export class SignInController {
  constructor(
    private readonly sessions: BrowserSessionsService,
    private readonly config: HubConfig,
  ) {}

  @Get('sign-in')
  async showSignIn(
    @Req() request: Request,
    @Query('next') next: unknown,
    @Query('signedOut') signedOut: unknown,
    @Res() response: Response,
  ): Promise<void> {
    if (await this.sessions.identifyBrowser(request)) return response.redirect(303, safeNext(next));
    this.renderSignIn(request, response, 200, {
      next: safeNext(next),
      notices: signedOut ? [{ text: 'You are signed out.' }] : [],
    });
  }

  @Post('sign-in')
  async signIn(
    @Req() request: Request,
    @Body() sent: FormBody | undefined,
    @Res() response: Response,
  ): Promise<void> {
    // The one console form open to anyone: a POST without a form body reaches it too.
    const body: FormBody = sent ?? {};
    const next = safeNext(body.next);
    const values = { username: textField(body, 'username') ?? '' };
    const expected = readCookie(request, SIGN_IN_COOKIE);
    if (!expected || typeof body._csrf !== 'string' || !constantTimeEquals(body._csrf, expected)) {
      return this.renderSignIn(request, response, 403, {
        next,
        values,
        failure: {
          message: 'The sign-in form expired. Please sign in again.',
          errors: {},
          fieldErrors: [],
        },
      });
    }
    try {
      const dto = await validateAs(SignInDto, {
        username: body.username ?? '',
        password: body.password ?? '',
      });
      const { token, expiresAt } = await this.sessions.signIn(
        dto.username,
        dto.password,
        request.ip ?? '',
      );
      response.clearCookie(SIGN_IN_COOKIE, { path: '/' });
      const secure = isServedOverHttps(request, this.config.publicUrl);
      response.cookie(sessionCookieName(secure), token, {
        ...sessionCookieOptions(secure),
        maxAge: expiresAt.getTime() - Date.now(),
      });
      return response.redirect(303, next);
    } catch (error) {
      const token = this.issueSignInToken(request, response);
      renderFormFailure(
        response,
        VIEW,
        { title: 'Sign in', next, values, signInToken: token },
        error,
      );
    }
  }

  private renderSignIn(
    request: Request,
    response: Response,
    status: number,
    model: Record<string, unknown>,
  ): void {
    const signInToken = this.issueSignInToken(request, response);
    response.status(status).render(VIEW, { title: 'Sign in', values: {}, ...model, signInToken });
  }

  private issueSignInToken(request: Request, response: Response): string {
    const token = randomBytes(32).toString('base64url');
    response.cookie(SIGN_IN_COOKIE, token, {
      ...sessionCookieOptions(isServedOverHttps(request, this.config.publicUrl)),
      sameSite: 'strict',
    });
    return token;
  }
}

/** Only a path on this hub: never `//other.example` or an absolute URL (no open redirect). */
export function safeNext(next: unknown): string {
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//')) return '/';
  if (next.includes('\\') || [...next].some((char) => char.charCodeAt(0) < 0x20)) return '/';
  return next;
}
