import { createParamDecorator, ExecutionContext } from '@nestjs/common';
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
