import { HubError } from '../common/hub-error';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function connectionUrlFor(atlassianApiUrl: string, cloudId: string): string {
  return `${atlassianApiUrl}/ex/jira/${cloudId}`;
}

/** Checks `<ATLASSIAN_API_URL>/ex/jira/<cloud-id>` and returns the normalised URL and its cloud id. */
export function parseConnectionUrl(
  raw: string,
  atlassianApiUrl: string,
): { url: string; cloudId: string } {
  const trimmed = raw.trim().replace(/\/+$/, '');
  const prefix = `${atlassianApiUrl}/ex/jira/`;
  const cloudId = trimmed.toLowerCase().startsWith(prefix.toLowerCase())
    ? trimmed.slice(prefix.length)
    : undefined;
  if (!cloudId || !UUID.test(cloudId)) {
    throw HubError.invalid(
      'url',
      'connectionUrl',
      `url must have the form ${prefix}<cloud-id>, where <cloud-id> is the site's UUID (POST /api/connections/discover finds it from the site name)`,
    );
  }
  const normalisedCloudId = cloudId.toLowerCase();
  return { url: connectionUrlFor(atlassianApiUrl, normalisedCloudId), cloudId: normalisedCloudId };
}

export function isUuid(value: string): boolean {
  return UUID.test(value);
}
