import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { AxiosInstance } from 'axios';
import { Repository } from 'typeorm';
import { HubError, HubErrorCode } from '../common/hub-error';
import { ConnectionClientFactory } from '../connections/connection-client.factory';
import { ConnectionEntity } from '../connections/connection.entity';
import { AliasEntity } from './alias.entity';

export interface ResolvedAlias {
  alias: AliasEntity;
  connection: ConnectionEntity;
  /** baseURL = the connection URL, with the credential's Authorization header, timeout and User-Agent. */
  client: AxiosInstance;
}

/** What actions use: an alias name in, an authenticated client for its one active connection out. */
@Injectable()
export class AliasResolverService {
  constructor(
    @InjectRepository(AliasEntity) private readonly aliases: Repository<AliasEntity>,
    @InjectRepository(ConnectionEntity) private readonly connections: Repository<ConnectionEntity>,
    private readonly clients: ConnectionClientFactory,
  ) {}

  async resolveAlias(name: string): Promise<ResolvedAlias> {
    const alias = await this.aliases.findOneBy({ name });
    if (!alias) throw new HubError(HubErrorCode.NotFound, `alias "${name}" not found`);
    const connection = await this.connections.findOneBy({ aliasId: alias.id, active: true });
    if (!connection) {
      throw new HubError(
        HubErrorCode.NoActiveConnection,
        `alias "${name}" has no active connection; activate one of its connections`,
      );
    }
    return { alias, connection, client: await this.clients.createClient(connection) };
  }
}
