import { AuthorizationOutcome } from './oauth-authorization.service';

/**
 * The page the browser lands on at the end of a flow: plain, escaped HTML with no script. The web
 * console will restyle it; what it says comes from the outcome only, never a token or a code.
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
