import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import type { HttpClient } from '../atlassian/http';
import { EntityMetadata, Repository } from 'typeorm';
import { HubError, HubErrorCode } from '../common/hub-error';
import { ConnectionClientFactory } from '../connections/connection-client.factory';
import { ConnectionEntity } from '../connections/connection.entity';
import { CredentialEntity } from '../credentials/credential.entity';
import { CredentialType } from '../credentials/credential-type';
import { LoadedResolution, ResolutionCache } from '../resolution-cache/resolution-cache';
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
  private resolutionQuery?: ResolutionQuery;

  constructor(
    @InjectRepository(AliasEntity) private readonly aliases: Repository<AliasEntity>,
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

  /**
   * Alias, active connection and credential in one query (LEFT JOINs, so that a missing part is
   * told apart), in plain SQL: with many aliases in rotation this runs whenever an entry expires.
   */
  private async loadConnection(name: string): Promise<LoadedResolution> {
    const query = (this.resolutionQuery ??= buildResolutionQuery(this.aliases));
    const [raw] = await this.aliases.query<Array<Record<string, unknown>>>(query.sql, [
      query.active,
      name,
    ]);
    if (!raw) throw new HubError(HubErrorCode.NotFound, `alias "${name}" not found`);
    const alias = query.hydrate(AliasEntity, query.alias, raw);
    if (raw[query.connection.idKey] === null) {
      throw new HubError(
        HubErrorCode.NoActiveConnection,
        `alias "${name}" has no active connection; activate one of its connections`,
      );
    }
    const connection = query.hydrate(ConnectionEntity, query.connection, raw);
    if (raw[query.credential.idKey] === null) {
      throw new HubError(
        HubErrorCode.CredentialMissing,
        `Connection "${connection.name}" has no credential`,
      );
    }
    const credential = query.hydrate(CredentialEntity, query.credential, raw);
    return {
      resolved: { alias, connection, credential, credentialType: credential.type },
      // A digest rather than the text: kept with each of up to 10,000 entries.
      fingerprint: createHash('sha256').update(JSON.stringify(raw)).digest('base64'),
    };
  }
}

interface SelectedTable {
  metadata: EntityMetadata;
  /** Result key of each column, by property name. */
  keys: Map<string, string>;
  idKey: string;
}

interface ResolutionQuery {
  sql: string;
  /** `true` as the database stores it (1 on SQLite). */
  active: unknown;
  alias: SelectedTable;
  connection: SelectedTable;
  credential: SelectedTable;
  hydrate<T extends object>(
    type: new () => T,
    table: SelectedTable,
    raw: Record<string, unknown>,
  ): T;
}

function buildResolutionQuery(aliases: Repository<AliasEntity>): ResolutionQuery {
  const dataSource = aliases.manager.connection;
  const driver = dataSource.driver;
  const select = (entity: object, prefix: string): SelectedTable => {
    const metadata = dataSource.getMetadata(entity as new () => unknown);
    const keys = new Map(
      metadata.columns.map((column, i) => [column.propertyName, `${prefix}_${i}`] as const),
    );
    return { metadata, keys, idKey: keys.get('id')! };
  };
  const alias = select(AliasEntity, 'a');
  const connection = select(ConnectionEntity, 'c');
  const credential = select(CredentialEntity, 'k');
  const columns = [
    [alias, 'a'],
    [connection, 'c'],
    [credential, 'k'],
  ] as const;
  const list = columns
    .flatMap(([table, prefix]) =>
      table.metadata.columns.map(
        (column) =>
          `${prefix}.${driver.escape(column.databaseName)} AS ${table.keys.get(column.propertyName)!}`,
      ),
    )
    .join(', ');
  const name = (table: SelectedTable) => driver.escape(table.metadata.tableName);
  const parameter = (index: number) => driver.createParameter(`p${index}`, index);
  const activeColumn = connection.metadata.findColumnWithPropertyName('active')!;
  return {
    sql:
      `SELECT ${list} FROM ${name(alias)} a` +
      ` LEFT JOIN ${name(connection)} c ON c.alias_id = a.id AND c.active = ${parameter(0)}` +
      ` LEFT JOIN ${name(credential)} k ON k.id = c.credential_id` +
      ` WHERE a.name = ${parameter(1)}`,
    active: driver.preparePersistentValue(true, activeColumn),
    alias,
    connection,
    credential,
    // As TypeORM reads an entity: each column's value converted by the driver (dates, booleans,
    // simple-json) and set on a new instance.
    hydrate: (type, table, raw) => {
      const entity = new type();
      for (const column of table.metadata.columns) {
        const value: unknown = driver.prepareHydratedValue(
          raw[table.keys.get(column.propertyName)!],
          column,
        );
        column.setEntityValue(entity, value);
      }
      return entity;
    },
  };
}
