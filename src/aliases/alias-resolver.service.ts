import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { HttpClient } from '../atlassian/http';
import { Repository } from 'typeorm';
import { HubError, HubErrorCode } from '../common/hub-error';
import { ConnectionClientFactory } from '../connections/connection-client.factory';
import { ConnectionEntity } from '../connections/connection.entity';
import { CredentialEntity } from '../credentials/credential.entity';
import { CredentialType } from '../credentials/credential-type';
import { ResolutionCache } from '../resolution-cache/resolution-cache';
import { AliasEntity } from './alias.entity';

export interface ResolvedConnection {
  alias: AliasEntity;
  connection: ConnectionEntity;
  credential: CredentialEntity;
  credentialType: CredentialType;
}

export interface ResolvedAlias extends ResolvedConnection {
  /** baseURL = the connection URL, with the credential's Authorization header, timeout and User-Agent. */
  client: HttpClient;
}

/**
 * What actions use: an alias name in, an authenticated client for its one active connection out.
 * Both steps go through the ResolutionCache, so executions in a steady state read no row and
 * decrypt no secret; the rows and clients handed out are shared and must not be changed.
 */
@Injectable()
export class AliasResolverService {
  constructor(
    @InjectRepository(AliasEntity) private readonly aliases: Repository<AliasEntity>,
    @InjectRepository(ConnectionEntity) private readonly connections: Repository<ConnectionEntity>,
    @InjectRepository(CredentialEntity) private readonly credentials: Repository<CredentialEntity>,
    private readonly clients: ConnectionClientFactory,
    private readonly cache: ResolutionCache,
  ) {}

  async resolveAlias(name: string): Promise<ResolvedAlias> {
    const resolved = await this.resolveConnection(name);
    return {
      ...resolved,
      client: await this.createClient(resolved.connection, resolved.credential),
    };
  }

  /** The alias's active connection and its credential row, without decrypting any secret. */
  resolveConnection(name: string): Promise<ResolvedConnection> {
    return this.cache.resolve(name, () => this.loadConnection(name));
  }

  /** A client for rows from resolveConnection: the cached one, else a new one. */
  createClient(connection: ConnectionEntity, credential: CredentialEntity): Promise<HttpClient> {
    return this.cache.clientFor(connection, credential, () =>
      this.clients.createClient(connection, credential),
    );
  }

  private async loadConnection(name: string): Promise<ResolvedConnection> {
    const alias = await this.aliases.findOneBy({ name });
    if (!alias) throw new HubError(HubErrorCode.NotFound, `alias "${name}" not found`);
    const connection = await this.connections.findOneBy({ aliasId: alias.id, active: true });
    if (!connection) {
      throw new HubError(
        HubErrorCode.NoActiveConnection,
        `alias "${name}" has no active connection; activate one of its connections`,
      );
    }
    const credential = await this.credentials.findOneBy({ id: connection.credentialId });
    if (!credential) {
      throw new HubError(
        HubErrorCode.CredentialMissing,
        `Connection "${connection.name}" has no credential`,
      );
    }
    return { alias, connection, credential, credentialType: credential.type };
  }
}
