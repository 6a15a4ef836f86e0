import type { CookieOptions, Request } from 'express';

/**
 * Whether the browser reached the hub over https: the request says so (directly, or through a
 * proxy trusted with HUB_TRUST_PROXY), or HUB_PUBLIC_URL, where browsers reach the hub, is https.
 */
export function isServedOverHttps(request: Request, publicUrl: string): boolean {
  return request.secure || publicUrl.startsWith('https://');
}

/**
 * Over https the cookie carries the `__Host-` prefix: browsers then accept it only when it is
 * Secure, has Path=/ and no Domain, so no other site or subdomain can plant or widen it.
 */
export function sessionCookieName(secure: boolean): string {
  return secure ? '__Host-hub_session' : 'hub_session';
}

/** The sign-in form's cookie (its CSRF nonce), prefixed over https like the session's. */
export function signInCookieName(secure: boolean): string {
  return secure ? '__Host-hub_sign_in' : 'hub_sign_in';
}

export function sessionCookieOptions(secure: boolean): CookieOptions {
  return { httpOnly: true, sameSite: 'lax', secure, path: '/' };
}

/** One cookie of the request's Cookie header (no cookie-parser middleware needed). */
export function readCookie(request: Request, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const separator = part.indexOf('=');
    if (separator < 0) continue;
    if (part.slice(0, separator).trim() !== name) continue;
    try {
      return decodeURIComponent(part.slice(separator + 1).trim());
    } catch {
      return undefined;
    }
  }
  return undefined;
}
