import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { join } from 'node:path';
import nunjucks from 'nunjucks';
import { AllowedHosts } from '../atlassian/allowed-hosts';
import { isApiPath } from '../common/api-path';
import { HubConfig } from '../config/hub-config';
import { CALLBACK_PATH } from '../oauth/oauth-authorization.service';
import { clientMessages, siteAddressIn } from './form-rules';

/** Templates and the stylesheet sit beside this file (the build copies them into dist/console). */
const VIEWS_DIR = join(__dirname, 'views');
const ASSETS_DIR = join(__dirname, 'assets');

/**
 * No inline script or style anywhere, so the policy can forbid both. Forms post only to the hub,
 * and to Atlassian's authorization server: browsers apply form-action to the redirect that
 * follows a post too, and "Save and Get OAuth Token" ends in a redirect there.
 */
function contentSecurityPolicy(allowedHosts: AllowedHosts): string {
  return [
    "default-src 'none'",
    // Small progressive enhancements only (local-time.js, console.js); every page works without
    // them. console.js's in-place Find cloud id posts the form to the hub itself.
    "script-src 'self'",
    "style-src 'self'",
    "connect-src 'self'",
    "img-src 'self' data:",
    // An OAuth credential's authorization URL must be on the allow-list (CredentialsService).
    `form-action 'self' ${allowedHosts.cspSources().join(' ')}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');
}

/** The console's view engine, stylesheet and response headers, on the hub's Express app. */
export function configureConsole(app: NestExpressApplication, config: HubConfig): void {
  // Behind a TLS-terminating proxy, X-Forwarded-Proto decides whether the cookie is Secure.
  app.set('trust proxy', config.trustProxy);
  const environment = nunjucks.configure(VIEWS_DIR, {
    autoescape: true,
    throwOnUndefined: false,
    trimBlocks: true,
    lstripBlocks: true,
    express: app.getHttpAdapter().getInstance(),
  });
  environment.addFilter('datetime', formatDateTime);
  environment.addFilter('datetime_full', formatFullDateTime);
  environment.addFilter('json', (value: unknown) => JSON.stringify(value, null, 2) ?? '');
  environment.addFilter('duration', formatDuration);
  environment.addGlobal('fieldMessages', clientMessages);
  environment.addGlobal('siteAddressIn', siteAddressIn);
  // What admins register at Atlassian as their OAuth app's callback URL.
  environment.addGlobal('oauthRedirectUri', `${config.publicUrl}${CALLBACK_PATH}`);
  app.setViewEngine('njk');
  const policy = contentSecurityPolicy(app.get(AllowedHosts));
  app.use((request: Request, response: Response, next: NextFunction) => {
    if (!isApiPath(request.path)) {
      response.setHeader('Content-Security-Policy', policy);
      response.setHeader('X-Content-Type-Options', 'nosniff');
      response.setHeader('X-Frame-Options', 'DENY');
      response.setHeader('Referrer-Policy', 'same-origin');
      // Pages show configuration and, once, new API tokens: nothing for a shared cache to keep.
      if (!request.path.startsWith('/assets/')) response.setHeader('Cache-Control', 'no-store');
    }
    next();
  });
  app.useStaticAssets(ASSETS_DIR, { prefix: '/assets/', index: false, maxAge: '1h' });
}

function formatDateTime(value: unknown): string {
  if (value === null || value === undefined || value === '') return '';
  const date = value instanceof Date ? value : new Date(typeof value === 'string' ? value : NaN);
  if (Number.isNaN(date.getTime())) return typeof value === 'string' ? value : '';
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** To the second, for execution history: two runs in one minute must be told apart. */
function formatFullDateTime(value: unknown): string {
  if (typeof value !== 'string' && !(value instanceof Date)) return '';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return typeof value === 'string' ? value : '';
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

function formatDuration(value: unknown): string {
  const ms = Number(value);
  if (!Number.isFinite(ms)) return '';
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}
