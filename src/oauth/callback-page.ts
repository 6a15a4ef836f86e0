import type { BrowserSession } from '../identity/browser-sessions.service';
import { Role } from '../identity/role';
import { AuthorizationOutcome, AuthorizationRefusal } from './oauth-authorization.service';

/** The console's template for the end of a flow (src/console/views). */
export const CONSOLE_CALLBACK_VIEW = 'oauth/callback.njk';

/** What the admin can do about each refusal, shown under its message in the console. */
const NEXT_STEPS: Record<AuthorizationRefusal, string> = {
  [AuthorizationRefusal.UnknownState]:
    'Open the connection and use Save and Get OAuth Token again; each flow can be finished once.',
  [AuthorizationRefusal.ExpiredState]:
    'Use Save and Get OAuth Token again and finish the consent at Atlassian within 10 minutes.',
  [AuthorizationRefusal.ForeignState]:
    'Only the user who started this flow can finish it, in their own signed-in browser. To authorize the connection yourself, start the flow again.',
  [AuthorizationRefusal.AccessDenied]:
    'Consent was declined on Atlassian’s screen. Start again and choose Accept to give the hub a token.',
  [AuthorizationRefusal.AuthorizationError]:
    'Check that the OAuth app at developer.atlassian.com has every scope the connection asks for and this hub’s callback URL, then start again.',
  [AuthorizationRefusal.MissingCode]: 'Start the flow again.',
  [AuthorizationRefusal.TokenExchangeFailed]:
    'Check the credential’s client id and secret (and its token URL, if set), then start again.',
  [AuthorizationRefusal.ResourcesUnavailable]:
    'Atlassian may be unavailable for a moment: start again shortly.',
  [AuthorizationRefusal.NoSites]: 'Start again and choose at least one site on the consent screen.',
  [AuthorizationRefusal.ConnectionChanged]:
    'Open the connection, check its credential, and use Save and Get OAuth Token again.',
  [AuthorizationRefusal.WrongSite]:
    'Start again and choose the connection’s site on the consent screen (signing in with an account of that site), or correct the connection URL to one of the sites listed.',
};

/**
 * The end of a flow in the console's layout, for a browser signed in to the console: the outcome,
 * what to do next, the other sites of a grant as a form, and the way back.
 */
export function consoleCallbackModel(outcome: AuthorizationOutcome, session: BrowserSession) {
  const backTo =
    outcome.returnTo ?? (outcome.connectionId ? `/connections/${outcome.connectionId}` : '/');
  return {
    title: outcome.ok ? 'OAuth token saved' : 'OAuth token not saved',
    nav: 'aliases',
    currentUser: session.identity,
    csrfToken: session.csrfToken,
    isAdmin: session.identity.role === Role.Admin,
    outcome,
    nextStep: outcome.ok ? null : NEXT_STEPS[outcome.reason],
    backTo,
    backLabel: outcome.connectionName ? `Back to ${outcome.connectionName}` : 'Back to the console',
  };
}

/**
 * The page the browser lands on at the end of a flow started without the console (no session):
 * plain, escaped HTML with no script. What it says comes from the outcome only, never a token or
 * a code.
 */
export function renderCallbackPage(outcome: AuthorizationOutcome): string {
  const title = outcome.ok ? 'OAuth token saved' : 'OAuth token not saved';
  const parts = [`<h1>${escapeHtml(title)}</h1>`, `<p>${escapeHtml(outcome.message)}</p>`];
  if (outcome.ok) {
    parts.push(
      `<p>Granted scopes: ${escapeHtml(outcome.grantedScopes.join(' ') || 'none')}</p>`,
      `<p>The access token expires at ${escapeHtml(outcome.expiresAt)}; the hub refreshes it.</p>`,
    );
    if (outcome.otherSites.length > 0) {
      parts.push(
        '<h2>The grant covers more sites</h2>',
        '<p>The hub can create one child alias and one connection per site, all signing in with this grant:</p>',
        siteList(outcome.otherSites),
        `<p>Send <code>POST /api/connections/${escapeHtml(outcome.connectionId)}/oauth/sites</code> with <code>{"cloudIds": [...]}</code> naming the sites to add.</p>`,
      );
    }
  } else if (outcome.sites.length > 0) {
    parts.push('<p>The grant covers:</p>', siteList(outcome.sites));
  }
  if (outcome.returnTo) {
    parts.push(`<p><a href="${escapeHtml(outcome.returnTo)}">Back</a></p>`);
  }
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<title>${escapeHtml(title)} - Integration Hub</title>`,
    '</head><body>',
    ...parts,
    '</body></html>',
  ].join('\n');
}

function siteList(sites: Array<{ cloudId: string; name: string; url: string }>): string {
  const items = sites.map(
    (site) =>
      `<li>${escapeHtml(site.name)} (${escapeHtml(site.url)}), cloud id <code>${escapeHtml(site.cloudId)}</code></li>`,
  );
  return `<ul>\n${items.join('\n')}\n</ul>`;
}

export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (character) =>
      ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[character]!,
  );
}
