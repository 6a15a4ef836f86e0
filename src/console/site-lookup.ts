import { Injectable } from '@nestjs/common';
import { HubError } from '../common/hub-error';
import { DiscoverSiteDto } from '../connections/dto/discover-site.dto';
import { SiteDiscoveryService } from '../connections/site-discovery.service';
import { validateAs } from './console-forms';
import { siteAddressIn } from './form-rules';
import type { FormBody } from './console-request';

/** The connection form's "Find cloud id" helper: fills in the Connection URL from a site name. */
@Injectable()
export class SiteLookup {
  constructor(private readonly discovery: SiteDiscoveryService) {}

  async fillConnectionUrl(
    body: FormBody,
  ): Promise<{ values: FormBody; notices: Array<{ text: string; kind: 'info' }> }> {
    // A site address pasted into the Connection URL is looked up when the Site field is empty.
    const typed = typeof body.site === 'string' && body.site.trim() !== '' ? body.site : undefined;
    const { site } = await validateAs(DiscoverSiteDto, {
      site: typed ?? siteAddressIn(body['connection.url']) ?? '',
    });
    try {
      const found = await this.discovery.discoverSite(site);
      return {
        values: { ...body, site, 'connection.url': found.url },
        notices: [
          {
            kind: 'info',
            text: `${site} has cloud id ${found.cloudId}; the Connection URL is filled in. Save to keep it.`,
          },
        ],
      };
    } catch (error) {
      // Shown beside the Site field, where the admin typed the name.
      if (error instanceof HubError && error.fieldErrors.length === 0) {
        throw new HubError(error.code, error.message, [
          { field: 'site', rule: 'discovery', message: error.message },
        ]);
      }
      throw error;
    }
  }
}
