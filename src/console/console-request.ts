import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Request } from 'express';
import type { BrowserSession } from '../identity/browser-sessions.service';
import type { HubIdentity } from '../identity/hub-identity';

export type ConsoleRequest = Request & { identity?: HubIdentity; browserSession?: BrowserSession };

/** Thrown by the session guard; the console's filter answers it with a redirect to sign in. */
export class SignInRequired extends Error {
  constructor() {
    super('Sign in to use the console');
  }
}

/**
 * Thrown by the session guard while the user has yet to choose their own password (the generated
 * first admin); the console's filter answers it with a redirect to the change-password page.
 */
export class PasswordChangeRequired extends Error {
  constructor() {
    super('Choose a new password to use the console');
  }
}

export const PASSWORD_CHANGE_ALLOWED = 'hub:password-change-allowed';

/**
 * Routes a user who must choose a new password may still use (their account page, the password
 * change, sign-out); every other console route sends them to choose one first.
 */
export const AllowedBeforePasswordChange = () => SetMetadata(PASSWORD_CHANGE_ALLOWED, true);

/** The signed-in browser's session (only on routes behind ConsoleSessionGuard). */
export const CurrentSession = createParamDecorator(
  (_data: unknown, context: ExecutionContext): BrowserSession => {
    const session = context.switchToHttp().getRequest<ConsoleRequest>().browserSession;
    if (!session) throw new SignInRequired();
    return session;
  },
);

/** A urlencoded form body as Express parses it. */
export type FormBody = Record<string, unknown>;
