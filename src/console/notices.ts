/**
 * Confirmations after a redirect (post, redirect, get) are named in the query string, never
 * written there: `?notice=connection-saved` shows one of these fixed texts and nothing else.
 */
const NOTICES: Record<string, { text: string; kind?: 'success' | 'warning' | 'info' }> = {
  'credential-created': {
    text: 'Credential created. Its secret is stored encrypted and is never shown again.',
  },
  'credential-saved': { text: 'Credential saved.' },
  'credential-deleted': { text: 'Credential deleted.' },
  'connection-created': { text: 'Connection created.' },
  'connection-saved': { text: 'Connection saved.' },
  'attributes-saved': { text: 'Attributes saved. The scopes were kept.' },
  'connection-deleted': { text: 'Connection deleted.' },
  'grant-moved': {
    text: 'The selected connections now sign in with this connection’s new grant.',
  },
  'alias-created': { text: 'Alias created.' },
  'alias-deleted': { text: 'Alias deleted.' },
  'alias-renamed': { text: 'Alias renamed. Flows find it by its new name only.' },
  'user-created': { text: 'User created. Give them their password through a safe channel.' },
  'user-saved': { text: 'User saved.' },
  'password-set': { text: 'Password set. Every session of that user was signed out.' },
  'user-deleted': { text: 'User deleted.' },
  'token-revoked': { text: 'API token revoked. Requests with it are refused from now on.' },
};

export function noticesFor(
  notice: unknown,
): Array<{ text: string; kind?: 'success' | 'warning' | 'info' }> {
  return typeof notice === 'string' && NOTICES[notice] ? [NOTICES[notice]] : [];
}
