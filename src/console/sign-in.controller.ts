import { Body, Get, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { HubError, HubErrorCode } from '../common/hub-error';
import { HubConfig } from '../config/hub-config';
import { BrowserSessionsService } from '../identity/browser-sessions.service';
import { SignInDto } from '../identity/dto/user.dto';
import {
  isServedOverHttps,
  readCookie,
  sessionCookieName,
  sessionCookieOptions,
  signInCookieName,
} from '../identity/session-cookie';
import { SIGN_IN_FORM_TTL_MS, SignInFormTokens } from '../identity/sign-in-form-token';
import { PublicConsoleController } from './console.decorators';
import { renderFormFailure, textField, validateAs } from './console-forms';
import type { FormBody } from './console-request';

/**
 * The sign-in form has no session yet to tie a CSRF token to: its token is issued and signed by
 * the hub for a random nonce in an HttpOnly, SameSite=Strict cookie (SignInFormTokens), and the
 * form must carry it back. Over https the cookie is `__Host-` prefixed, so no sibling subdomain
 * or plain-http page can plant one.
 */
const VIEW = 'sign-in.njk';

@PublicConsoleController()
export class SignInController {
  constructor(
    private readonly sessions: BrowserSessionsService,
    private readonly config: HubConfig,
    private readonly formTokens: SignInFormTokens,
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
    const secure = isServedOverHttps(request, this.config.publicUrl);
    // Over https only the prefixed cookie counts: an unprefixed one may have been planted.
    const nonce = readCookie(request, signInCookieName(secure));
    if (!this.formTokens.verify(nonce, body._csrf)) {
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
      response.clearCookie(signInCookieName(secure), signInCookieOptions(secure));
      response.cookie(sessionCookieName(secure), token, {
        ...sessionCookieOptions(secure),
        maxAge: expiresAt.getTime() - Date.now(),
      });
      return response.redirect(303, next);
    } catch (error) {
      if (error instanceof HubError && error.code === HubErrorCode.TooManyAttempts) {
        const seconds = error.details?.retryAfterSeconds;
        if (typeof seconds === 'number') response.setHeader('Retry-After', String(seconds));
      }
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
    const secure = isServedOverHttps(request, this.config.publicUrl);
    const { cookieValue, formToken } = this.formTokens.issue();
    response.cookie(signInCookieName(secure), cookieValue, {
      ...signInCookieOptions(secure),
      maxAge: SIGN_IN_FORM_TTL_MS,
    });
    return formToken;
  }
}

/** Strict: the form is only ever sent from the hub's own page. */
function signInCookieOptions(secure: boolean) {
  return { ...sessionCookieOptions(secure), sameSite: 'strict' as const };
}

/** Only a path on this hub: never `//other.example` or an absolute URL (no open redirect). */
export function safeNext(next: unknown): string {
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//')) return '/';
  if (next.includes('\\') || [...next].some((char) => char.charCodeAt(0) < 0x20)) return '/';
  return next;
}
