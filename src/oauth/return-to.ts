import { HubError } from '../common/hub-error';

/**
 * A "return to" path for the console: a relative path on the hub itself, so the end of a flow can
 * never send the browser to another site (no scheme, no `//host`, no backslashes, no control codes).
 */
export function checkReturnTo(value: string | undefined): string | null {
  if (value === undefined) return null;
  const refuse = () =>
    HubError.invalid(
      'returnTo',
      'relativePath',
      'returnTo must be a path on the hub starting with a single /, such as /console/connections',
    );
  // eslint-disable-next-line no-control-regex
  if (!value.startsWith('/') || /^\/[/\\]|\\|[\u0000-\u001f\u007f]/.test(value)) throw refuse();
  if (value.length > 500) throw refuse();
  const base = 'http://hub.invalid';
  const resolved = new URL(value, base);
  if (resolved.origin !== base) throw refuse();
  return `${resolved.pathname}${resolved.search}${resolved.hash}`;
}
