import { AtlassianHttpFactory } from '../atlassian/atlassian-http.factory';
import { isHttpError } from '../atlassian/http';
import type { GrantedSite } from './oauth-grant.entity';

const RESOURCES_TIMEOUT_MS = 30_000;

/**
 * The sites an access token reaches (`GET /oauth/token/accessible-resources` on the API gateway):
 * how an OAuth grant and a service account's token find their cloud ids. Failures are plain
 * errors whose message says what came back, never the token.
 */
export async function accessibleResources(
  http: AtlassianHttpFactory,
  atlassianApiUrl: string,
  accessToken: string,
): Promise<GrantedSite[]> {
  const client = http.createClient({
    baseURL: atlassianApiUrl,
    authorization: `Bearer ${accessToken}`,
    timeoutMs: RESOURCES_TIMEOUT_MS,
  });
  try {
    const { data } = await client.get<unknown>('oauth/token/accessible-resources');
    if (!Array.isArray(data)) throw new Error('the answer is not a list of sites');
    return data.flatMap((entry: unknown) => {
      const site = (entry ?? {}) as Record<string, unknown>;
      const text = (value: unknown, otherwise: string) =>
        typeof value === 'string' ? value : otherwise;
      return typeof site.id === 'string'
        ? [{ id: site.id, name: text(site.name, site.id), url: text(site.url, '') }]
        : [];
    });
  } catch (error) {
    if (isHttpError(error)) {
      throw new Error(
        error.response ? `it answered ${error.response.status}` : (error.code ?? 'no answer'),
        { cause: error },
      );
    }
    throw error;
  }
}
