import { Injectable } from '@nestjs/common';
import { getPublicJson, isHttpError } from '../atlassian/http';
import { HubError, HubErrorCode } from '../common/hub-error';
import { HubConfig } from '../config/hub-config';
import { connectionUrlFor, isUuid } from './connection-url';
import { DiscoveredSiteDto } from './dto/discover-site.dto';
import { SiteNamesService } from './site-names.service';

const DISCOVERY_TIMEOUT_MS = 10_000;

/**
 * Finds a site's cloud id from its public `/_edge/tenant_info`. No credential is sent, and only
 * `*.atlassian.net` names get this far (the DTO checks), so the lookup cannot be aimed elsewhere.
 */
@Injectable()
export class SiteDiscoveryService {
  constructor(
    private readonly config: HubConfig,
    private readonly siteNames: SiteNamesService,
  ) {}

  async discoverSite(site: string): Promise<DiscoveredSiteDto> {
    const lookupUrl = this.config.siteDiscoveryUrl.replace('{site}', encodeURIComponent(site));
    try {
      const { data } = await getPublicJson<{ cloudId?: unknown }>(lookupUrl, DISCOVERY_TIMEOUT_MS);
      const cloudId = typeof data?.cloudId === 'string' ? data.cloudId.toLowerCase() : '';
      if (!isUuid(cloudId)) {
        throw new HubError(
          HubErrorCode.UpstreamFailed,
          `${site} answered without a cloud id; is it an Atlassian Cloud site?`,
        );
      }
      // Remembered so pages can name the site wherever they would show the bare cloud id.
      await this.siteNames.remember(cloudId, site.toLowerCase());
      return { cloudId, url: connectionUrlFor(this.config.atlassianApiUrl, cloudId) };
    } catch (error) {
      if (!isHttpError(error)) throw error;
      if (error.response?.status === 404) {
        throw HubError.notFound(`Atlassian site ${site}`);
      }
      throw new HubError(
        HubErrorCode.UpstreamFailed,
        error.response
          ? `${site} answered ${error.response.status} to the cloud id lookup`
          : `Could not reach ${site}: ${error.code ?? error.message}`,
      );
    }
  }
}
