import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { OAuthGrantEntity } from '../oauth/oauth-grant.entity';
import { SiteEntity } from './site.entity';

/** What the hub knows of each cloud id's site name: from "Find cloud id" and OAuth grants. */
@Injectable()
export class SiteNamesService {
  constructor(
    @InjectRepository(SiteEntity) private readonly sites: Repository<SiteEntity>,
    @InjectRepository(OAuthGrantEntity) private readonly grants: Repository<OAuthGrantEntity>,
  ) {}

  async remember(cloudId: string, host: string): Promise<void> {
    await this.sites.upsert({ cloudId, host: host.slice(0, 255) }, ['cloudId']);
  }

  /** Host by cloud id, e.g. `acme.atlassian.net`; a grant's accessible-resources name wins. */
  async hostsByCloudId(): Promise<Map<string, string>> {
    const [sites, grants] = await Promise.all([
      this.sites.find({ select: { cloudId: true, host: true } }),
      this.grants.find({ select: { id: true, sites: true } }),
    ]);
    const hosts = new Map(sites.map((site) => [site.cloudId, site.host]));
    for (const grant of grants) {
      for (const site of grant.sites ?? []) {
        const host = hostOf(site.url) ?? site.name;
        if (site.id && host) hosts.set(site.id.toLowerCase(), host);
      }
    }
    return hosts;
  }
}

function hostOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).host || undefined;
  } catch {
    return undefined;
  }
}
