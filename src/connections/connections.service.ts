import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { EntityManager, In, Not, Repository } from 'typeorm';
import { AliasEntity } from '../aliases/alias.entity';
import { HubError, HubErrorCode } from '../common/hub-error';
import { HubConfig } from '../config/hub-config';
import { CredentialEntity } from '../credentials/credential.entity';
import { CredentialType } from '../credentials/credential-type';
import { isUniqueViolation } from '../database/database-errors';
import { UnitOfWork } from '../database/unit-of-work';
import {
  ClientCredentialsTokenService,
  ServiceAccountSignIn,
} from '../oauth/client-credentials-token.service';
import { OAuthTokenService } from '../oauth/oauth-token.service';
import { CredentialsService } from '../credentials/credentials.service';
import { CreateCredentialDto } from '../credentials/dto/create-credential.dto';
import { ResolutionCache } from '../resolution-cache/resolution-cache';
import { DEFAULT_SCOPES } from '../spokes';
import { ConnectionEntity } from './connection.entity';
import { parseConnectionUrl } from './connection-url';
import { ConnectionResponseDto, UpdatedConnectionResponseDto } from './dto/connection-response.dto';
import { CreateConnectionDto } from './dto/create-connection.dto';
import { UpdateConnectionDto } from './dto/update-connection.dto';

/** Whether an edit sets the attributes and nothing else (so it leaves the scopes alone). */
function onlyAttributes(dto: UpdateConnectionDto): boolean {
  return (
    dto.attributes !== undefined &&
    Object.entries(dto).every(([field, value]) => field === 'attributes' || value === undefined)
  );
}

export const DEFAULT_RETRY_POLICY = { maxRetries: 3, maxRetryWaitSeconds: 60, timeoutMs: 30_000 };

@Injectable()
export class ConnectionsService {
  constructor(
    @InjectRepository(ConnectionEntity) private readonly connections: Repository<ConnectionEntity>,
    @InjectRepository(AliasEntity) private readonly aliases: Repository<AliasEntity>,
    @InjectRepository(CredentialEntity) private readonly credentials: Repository<CredentialEntity>,
    private readonly unitOfWork: UnitOfWork,
    private readonly config: HubConfig,
    private readonly oauthTokens: OAuthTokenService,
    private readonly resolutionCache: ResolutionCache,
    private readonly serviceAccountTokens: ClientCredentialsTokenService,
    private readonly credentialsService: CredentialsService,
  ) {}

  async createConnection(dto: CreateConnectionDto): Promise<ConnectionResponseDto> {
    const url = await this.serviceAccountSite({ credentialId: dto.credentialId }, dto.url);
    const saved = this.unitOfWork.runRecheckingReferences((manager) =>
      this.insertConnection(manager, { ...dto, url }),
    );
    // Once the transaction has ended, committed or not (see ResolutionCache): the alias's active
    // connection may have changed.
    const id = await saved.finally(() => this.resolutionCache.invalidateAlias(dto.aliasId));
    return this.getConnection(id);
  }

  /**
   * Inside the caller's transaction, so a connection can be created together with its alias. The
   * caller invalidates the alias in the ResolutionCache once its transaction has ended.
   */
  async insertConnection(manager: EntityManager, dto: CreateConnectionDto): Promise<string> {
    // No site yet is stored as empty strings; only an OAuth connection may wait for its site.
    const { url, cloudId } =
      dto.url === undefined
        ? { url: '', cloudId: '' }
        : parseConnectionUrl(dto.url, this.config.atlassianApiUrl);
    const id = randomUUID();
    const alias = await this.requireAlias(manager, dto.aliasId);
    const credential = await this.requireCredential(manager, dto.credentialId);
    if (url === '') this.requireSiteUnlessOAuth(credential);
    const active =
      dto.active ??
      !(await manager.existsBy(ConnectionEntity, { aliasId: alias.id, active: true }));
    const scopes = dto.scopes ?? [...DEFAULT_SCOPES[alias.spoke]];
    this.requireScopesForOAuth(credential, scopes);
    if (active) await this.deactivateOthers(manager, alias.id, id);
    await this.insertOrUpdate(manager, 'insert', {
      id,
      name: dto.name,
      url,
      cloudId,
      credentialId: dto.credentialId,
      aliasId: alias.id,
      scopes,
      attributes: dto.attributes ?? {},
      active,
      maxRetries: dto.maxRetries ?? DEFAULT_RETRY_POLICY.maxRetries,
      maxRetryWaitSeconds: dto.maxRetryWaitSeconds ?? DEFAULT_RETRY_POLICY.maxRetryWaitSeconds,
      timeoutMs: dto.timeoutMs ?? DEFAULT_RETRY_POLICY.timeoutMs,
    });
    return id;
  }

  async listConnections(aliasId?: string): Promise<ConnectionResponseDto[]> {
    const entities = await this.connections.find({
      where: aliasId ? { aliasId } : {},
      order: { name: 'ASC' },
    });
    return this.toResponses(entities);
  }

  /** Names by id, for pages that link to connections they only know by id (executions). */
  async namesOf(ids: string[]): Promise<Map<string, string>> {
    const unique = [...new Set(ids)];
    const rows = unique.length
      ? await this.connections.find({ select: { id: true, name: true }, where: { id: In(unique) } })
      : [];
    return new Map(rows.map((row) => [row.id, row.name]));
  }

  async getConnection(id: string): Promise<ConnectionResponseDto> {
    const [response] = await this.toResponses([await this.findEntity(id)]);
    return response;
  }

  /**
   * ServiceNow resets a connection's scopes to the spoke's defaults whenever the record is edited;
   * our users expect the same, so an edit that does not name `scopes` puts the defaults back and
   * the answer says so. Attributes are values for actions, not part of the record Atlassian's
   * grant depends on: an edit of the attributes alone keeps the scopes (docs/decisions.md).
   */
  async updateConnection(
    id: string,
    dto: UpdateConnectionDto,
  ): Promise<UpdatedConnectionResponseDto> {
    let scopesReset = false;
    let spoke = '';
    let aliasId: string | undefined;
    // Judged on the edit as sent: the service-account check below fills in the current URL.
    const attributesOnly = onlyAttributes(dto);
    const current = await this.connections.findOneBy({ id });
    if (current) {
      dto = {
        ...dto,
        url: await this.serviceAccountSite(
          { credentialId: dto.credentialId ?? current.credentialId },
          dto.url ?? (current.url || undefined),
        ),
      };
    }
    const saved = this.unitOfWork.runRecheckingReferences(async (manager) => {
      const entity = await manager.findOneBy(ConnectionEntity, { id });
      if (!entity) throw HubError.notFound(`Connection ${id}`);
      const alias = await this.requireAlias(manager, dto.aliasId ?? entity.aliasId);
      const credential = await this.requireCredential(
        manager,
        dto.credentialId ?? entity.credentialId,
      );
      if (dto.url !== undefined)
        Object.assign(entity, parseConnectionUrl(dto.url, this.config.atlassianApiUrl));
      if (entity.url === '') this.requireSiteUnlessOAuth(credential);
      if (dto.name !== undefined) entity.name = dto.name;
      // An OAuth grant belongs to its client: another credential means a new authorization.
      if (dto.credentialId !== undefined && dto.credentialId !== entity.credentialId) {
        await this.oauthTokens.unlink(manager, entity.id);
      }
      if (dto.credentialId !== undefined) entity.credentialId = dto.credentialId;
      if (dto.maxRetries !== undefined) entity.maxRetries = dto.maxRetries;
      if (dto.maxRetryWaitSeconds !== undefined)
        entity.maxRetryWaitSeconds = dto.maxRetryWaitSeconds;
      if (dto.timeoutMs !== undefined) entity.timeoutMs = dto.timeoutMs;
      if (dto.active !== undefined) entity.active = dto.active;
      if (dto.attributes !== undefined) entity.attributes = dto.attributes;
      entity.aliasId = alias.id;
      aliasId = alias.id;
      scopesReset = dto.scopes === undefined && !attributesOnly;
      spoke = alias.spoke;
      if (dto.scopes !== undefined || scopesReset)
        entity.scopes = dto.scopes ?? [...DEFAULT_SCOPES[alias.spoke]];
      this.requireScopesForOAuth(credential, entity.scopes);
      if (entity.active) await this.deactivateOthers(manager, alias.id, entity.id);
      await this.insertOrUpdate(manager, 'update', entity);
    });
    // The connection's cached resolutions, and its (new) alias's, whose active connection may change.
    await saved.finally(() => {
      this.resolutionCache.invalidateConnection(id);
      if (aliasId) this.resolutionCache.invalidateAlias(aliasId);
    });
    return {
      ...(await this.getConnection(id)),
      scopesReset,
      ...(scopesReset
        ? {
            message: `Scopes were reset to the ${spoke} spoke's defaults because the edit did not set them; send scopes with every edit to keep others`,
          }
        : {}),
    };
  }

  async deleteConnection(id: string): Promise<void> {
    const result = await this.unitOfWork
      .run(async (manager) => {
        // Its link to an OAuth grant goes with it (ON DELETE CASCADE); the grant, if now unused, too.
        const deleted = await manager.delete(ConnectionEntity, { id });
        await this.oauthTokens.deleteUnusedGrants(manager);
        return deleted;
      })
      .finally(() => this.resolutionCache.invalidateConnection(id));
    if (!result.affected) throw HubError.notFound(`Connection ${id}`);
  }

  async findEntity(id: string): Promise<ConnectionEntity> {
    const entity = await this.connections.findOneBy({ id });
    if (!entity) throw HubError.notFound(`Connection ${id}`);
    return entity;
  }

  async recordTestResult(id: string, ok: boolean, message: string): Promise<void> {
    await this.unitOfWork
      .run((manager) =>
        manager.update(
          ConnectionEntity,
          { id },
          { lastTestedAt: new Date(), lastTestOk: ok, lastTestMessage: message.slice(0, 500) },
        ),
      )
      .finally(() => this.resolutionCache.invalidateConnection(id));
  }

  async toResponses(entities: ConnectionEntity[]): Promise<ConnectionResponseDto[]> {
    const aliasIds = [...new Set(entities.map((entity) => entity.aliasId))];
    const aliases = aliasIds.length ? await this.aliases.findBy({ id: In(aliasIds) }) : [];
    const aliasById = new Map(aliases.map((alias) => [alias.id, alias]));
    const credentialIds = [...new Set(entities.map((entity) => entity.credentialId))];
    const oauthCredentialIds = new Set(
      (credentialIds.length
        ? await this.credentials.findBy({ id: In(credentialIds), type: CredentialType.OAuth2 })
        : []
      ).map((credential) => credential.id),
    );
    const oauthStatuses = await this.oauthTokens.statusesOf(
      entities.filter((entity) => oauthCredentialIds.has(entity.credentialId)),
    );
    return entities.map((entity) => {
      const alias = aliasById.get(entity.aliasId)!;
      return {
        id: entity.id,
        name: entity.name,
        url: entity.url || null,
        cloudId: entity.cloudId || null,
        credentialId: entity.credentialId,
        aliasId: entity.aliasId,
        aliasName: alias.name,
        spoke: alias.spoke,
        scopes: entity.scopes,
        attributes: entity.attributes,
        active: entity.active,
        maxRetries: entity.maxRetries,
        maxRetryWaitSeconds: entity.maxRetryWaitSeconds,
        timeoutMs: entity.timeoutMs,
        lastTest:
          entity.lastTestedAt && entity.lastTestOk !== null
            ? {
                at: entity.lastTestedAt.toISOString(),
                ok: entity.lastTestOk,
                message: entity.lastTestMessage ?? '',
              }
            : null,
        oauth: oauthStatuses.get(entity.id) ?? null,
        createdAt: entity.createdAt.toISOString(),
        updatedAt: entity.updatedAt.toISOString(),
      };
    });
  }

  /** Same transaction as the activation, so the alias never has two active connections. */
  private async deactivateOthers(
    manager: EntityManager,
    aliasId: string,
    keepId: string,
  ): Promise<void> {
    await manager.update(
      ConnectionEntity,
      { aliasId, active: true, id: Not(keepId) },
      { active: false },
    );
  }

  private async insertOrUpdate(
    manager: EntityManager,
    mode: 'insert' | 'update',
    entity: Partial<ConnectionEntity> & { id: string },
  ): Promise<void> {
    if (await manager.existsBy(ConnectionEntity, { name: entity.name, id: Not(entity.id) })) {
      throw new HubError(
        HubErrorCode.NameTaken,
        `A connection named "${entity.name}" already exists`,
        [{ field: 'name', rule: 'unique', message: `name "${entity.name}" is already taken` }],
      );
    }
    try {
      if (mode === 'insert') await manager.insert(ConnectionEntity, entity);
      else await manager.save(ConnectionEntity, entity);
    } catch (error) {
      // A concurrent writer won the race for the name or for the alias's single active slot.
      if (isUniqueViolation(error)) {
        throw new HubError(
          HubErrorCode.NameTaken,
          'Another change to this name or alias was saved at the same moment; reload and try again',
        );
      }
      throw error;
    }
  }

  private async requireAlias(manager: EntityManager, aliasId: string): Promise<AliasEntity> {
    const alias = await manager.findOneBy(AliasEntity, { id: aliasId });
    if (!alias)
      throw HubError.invalid('aliasId', 'exists', `aliasId ${aliasId} is not an existing alias`);
    return alias;
  }

  private async requireCredential(
    manager: EntityManager,
    credentialId: string,
  ): Promise<CredentialEntity> {
    const credential = await manager.findOneBy(CredentialEntity, { id: credentialId });
    if (!credential) {
      throw HubError.invalid(
        'credentialId',
        'exists',
        `credentialId ${credentialId} is not an existing credential`,
      );
    }
    return credential;
  }

  /**
   * An OAuth connection's scopes are what Save and Get OAuth Token asks Atlassian for: none would
   * get a token that can do nothing and, without offline_access, cannot be refreshed.
   */
  private requireScopesForOAuth(credential: CredentialEntity, scopes: string[]): void {
    if (credential.type !== CredentialType.OAuth2 || scopes.length > 0) return;
    throw HubError.invalid(
      'scopes',
      'notEmpty',
      'scopes must name at least one scope for an OAuth 2.0 connection (leave it out for the spoke defaults, which include offline_access)',
    );
  }

  /**
   * A service account's connection is checked before it is saved, outside the transaction (no
   * network call holds the database): its token, its site (found through accessible-resources
   * when `url` is left out) and `GET /rest/api/3/myself` on it. Returns the URL to save, or `url`
   * as it is for any other credential (and for one that does not exist: the save says so).
   * `credential` is a new one typed in the same form (Add Connection), not saved yet.
   */
  async serviceAccountSite(
    source: { credentialId: string } | { credential: CreateCredentialDto },
    url: string | undefined,
  ): Promise<string | undefined> {
    const signIn = await this.serviceAccountSignIn(source);
    if (!signIn) return url;
    const parsed =
      url === undefined ? undefined : parseConnectionUrl(url, this.config.atlassianApiUrl).url;
    return this.serviceAccountTokens.verifySite(signIn, parsed);
  }

  private async serviceAccountSignIn(
    source: { credentialId: string } | { credential: CreateCredentialDto },
  ): Promise<ServiceAccountSignIn | undefined> {
    if ('credential' in source) {
      const typed = source.credential;
      if (typed.type !== CredentialType.ClientCredentials) return undefined;
      return {
        name: typed.name,
        clientId: typed.clientId ?? '',
        clientSecret: typed.clientSecret ?? '',
        tokenUrl: this.credentialsService.oauthEndpointsOf({
          authorizationUrl: null,
          tokenUrl: typed.tokenUrl ?? null,
        }).tokenUrl,
      };
    }
    const stored = await this.credentials.findOneBy({ id: source.credentialId });
    if (stored?.type !== CredentialType.ClientCredentials) return undefined;
    const { secret } = this.credentialsService.revealSecretsOf(stored);
    return {
      name: stored.name,
      clientId: stored.clientId ?? '',
      clientSecret: secret('clientSecret') ?? '',
      tokenUrl: this.credentialsService.oauthEndpointsOf(stored).tokenUrl,
    };
  }

  /**
   * Basic and bearer credentials cannot find their site; an OAuth grant names it, and a service
   * account's is found before the save (serviceAccountSite).
   */
  private requireSiteUnlessOAuth(credential: CredentialEntity): void {
    if (credential.type === CredentialType.OAuth2) return;
    throw HubError.invalid(
      'url',
      'required',
      `url is required with a ${credential.type} credential; only an OAuth 2.0 connection may leave it out and have Save and Get OAuth Token fill it in`,
    );
  }
}
