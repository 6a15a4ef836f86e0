import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { EntityManager, Repository } from 'typeorm';
import { AllowedHosts } from '../atlassian/allowed-hosts';
import { FieldError, HubError, HubErrorCode } from '../common/hub-error';
import { HubConfig } from '../config/hub-config';
import { ConnectionEntity } from '../connections/connection.entity';
import { SecretBox } from '../crypto/secret-box';
import { isUniqueViolation } from '../database/database-errors';
import { UnitOfWork } from '../database/unit-of-work';
import { ClientCredentialsTokenEntity } from '../oauth/client-credentials-token.entity';
import {
  TokenEndpointClient,
  TokenEndpointError,
  TokenEndpointFailure,
} from '../oauth/token-endpoint.client';
import { ResolutionCache } from '../resolution-cache/resolution-cache';
import { CREDENTIALS_TABLE, CredentialEntity } from './credential.entity';
import { CredentialSecretField, CredentialType, SECRET_FIELDS_BY_TYPE } from './credential-type';
import { CreateCredentialDto } from './dto/create-credential.dto';
import { CredentialFieldsDto } from './dto/credential-fields.dto';
import { CredentialResponseDto, SecretState } from './dto/credential-response.dto';
import { UpdateCredentialDto } from './dto/update-credential.dto';

export interface RevealedCredential {
  credential: CredentialEntity;
  secret: (field: CredentialSecretField) => string | undefined;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const EXPIRING_SOON_DAYS = 30;

/** The fields each type takes; any other type-specific field is refused rather than ignored. */
export const FIELDS_BY_TYPE: Record<CredentialType, { required: string[]; optional: string[] }> = {
  [CredentialType.Basic]: { required: ['username', 'apiToken'], optional: ['expiresAt'] },
  [CredentialType.OAuth2]: {
    required: ['clientId', 'clientSecret'],
    optional: ['authorizationUrl', 'tokenUrl', 'expiresAt'],
  },
  [CredentialType.Bearer]: { required: ['token'], optional: ['expiresAt'] },
  [CredentialType.ClientCredentials]: {
    required: ['clientId', 'clientSecret'],
    optional: ['tokenUrl', 'expiresAt'],
  },
};
const TYPE_SPECIFIC_FIELDS = [
  'username',
  'apiToken',
  'clientId',
  'clientSecret',
  'authorizationUrl',
  'tokenUrl',
  'token',
] as const;

const CIPHERTEXT_COLUMN: Record<
  CredentialSecretField,
  'apiTokenCiphertext' | 'clientSecretCiphertext' | 'tokenCiphertext'
> = {
  apiToken: 'apiTokenCiphertext',
  clientSecret: 'clientSecretCiphertext',
  token: 'tokenCiphertext',
};

@Injectable()
export class CredentialsService {
  constructor(
    @InjectRepository(CredentialEntity) private readonly credentials: Repository<CredentialEntity>,
    private readonly unitOfWork: UnitOfWork,
    private readonly secretBox: SecretBox,
    private readonly config: HubConfig,
    private readonly resolutionCache: ResolutionCache,
    private readonly allowedHosts: AllowedHosts,
    private readonly tokenEndpoint: TokenEndpointClient,
  ) {}

  async createCredential(dto: CreateCredentialDto): Promise<CredentialResponseDto> {
    const entity = this.newEntity(dto);
    await this.verifyClientCredentials(entity);
    await this.saveUniquely(entity);
    return this.toResponse(await this.findEntity(entity.id));
  }

  /**
   * Inside the caller's transaction, so a credential can be created together with its connection.
   * A service account's credential is not verified here (no network call inside a transaction):
   * the caller verifies it first with `verifyNewCredential`.
   */
  async insertCredential(manager: EntityManager, dto: CreateCredentialDto): Promise<string> {
    const entity = this.newEntity(dto);
    if (await manager.existsBy(CredentialEntity, { name: entity.name })) {
      throw nameTaken(entity.name);
    }
    await manager.insert(CredentialEntity, entity);
    return entity.id;
  }

  /**
   * The checks `insertCredential` makes, and for a service account the token endpoint's word on
   * its client id and secret; throws what saving it would throw. For callers that save it inside
   * a transaction of their own.
   */
  async verifyNewCredential(dto: CreateCredentialDto): Promise<void> {
    await this.verifyClientCredentials(this.newEntity(dto));
  }

  private newEntity(dto: CreateCredentialDto): CredentialEntity {
    const type = dto.type ?? inferType(dto);
    checkFieldsForType(type, dto, true);
    this.checkOAuthEndpoints(dto);
    const entity = this.credentials.create({
      id: randomUUID(),
      name: dto.name,
      type,
      username: dto.username ?? null,
      clientId: dto.clientId ?? null,
      authorizationUrl: dto.authorizationUrl ?? null,
      tokenUrl: dto.tokenUrl ?? null,
      apiTokenCiphertext: null,
      clientSecretCiphertext: null,
      tokenCiphertext: null,
      expiresAt: dto.expiresAt ? new Date(dto.expiresAt) : null,
    });
    this.storeSecrets(entity, dto);
    return entity;
  }

  /**
   * The token URL receives the client secret and refresh tokens, and the console's pages may only
   * send a browser on to hosts their Content-Security-Policy names: both must be allow-listed
   * endpoints (AllowedHosts.endpointProblem), without user info or a fragment.
   */
  private checkOAuthEndpoints(
    dto: Pick<CreateCredentialDto, 'authorizationUrl' | 'tokenUrl'>,
  ): void {
    const errors = (['authorizationUrl', 'tokenUrl'] as const).flatMap((field) => {
      const url = dto[field];
      const problem = url === undefined ? undefined : this.allowedHosts.endpointProblem(field, url);
      return problem ? [problem] : [];
    });
    if (errors.length > 0) throw HubError.invalidFields(errors);
  }

  async listCredentials(): Promise<CredentialResponseDto[]> {
    const entities = await this.credentials.find({ order: { name: 'ASC' } });
    return entities.map((entity) => this.toResponse(entity));
  }

  async getCredential(id: string): Promise<CredentialResponseDto> {
    return this.toResponse(await this.findEntity(id));
  }

  async updateCredential(id: string, dto: UpdateCredentialDto): Promise<CredentialResponseDto> {
    const entity = await this.findEntity(id);
    if (dto.type !== undefined && dto.type !== entity.type) {
      throw HubError.invalid(
        'type',
        'immutable',
        `type cannot change from ${entity.type} to ${dto.type}; create a new credential instead`,
      );
    }
    checkFieldsForType(entity.type, dto, false);
    this.checkOAuthEndpoints(dto);
    if (dto.name !== undefined) entity.name = dto.name;
    if (dto.username !== undefined) entity.username = dto.username;
    if (dto.clientId !== undefined) entity.clientId = dto.clientId;
    if (dto.authorizationUrl !== undefined) entity.authorizationUrl = dto.authorizationUrl;
    if (dto.tokenUrl !== undefined) entity.tokenUrl = dto.tokenUrl;
    if (dto.expiresAt !== undefined)
      entity.expiresAt = dto.expiresAt ? new Date(dto.expiresAt) : null;
    this.storeSecrets(entity, dto);
    const signInChanged =
      dto.clientId !== undefined || dto.clientSecret !== undefined || dto.tokenUrl !== undefined;
    if (signInChanged) await this.verifyClientCredentials(entity);
    await this.saveUniquely(entity, signInChanged);
    return this.toResponse(await this.findEntity(id));
  }

  async deleteCredential(id: string): Promise<void> {
    const deleted = this.unitOfWork.runRecheckingReferences(async (manager) => {
      const entity = await manager.findOneBy(CredentialEntity, { id });
      if (!entity) throw HubError.notFound(`Credential ${id}`);
      const users = await manager.find(ConnectionEntity, {
        where: { credentialId: id },
        order: { name: 'ASC' },
      });
      if (users.length > 0) {
        throw new HubError(
          HubErrorCode.CredentialInUse,
          `Credential "${entity.name}" is used by ${users.length === 1 ? 'connection' : 'connections'} ${users
            .map((connection) => `"${connection.name}"`)
            .join(', ')}; point them at another credential first`,
          [],
          { connections: users.map(({ id: connectionId, name }) => ({ id: connectionId, name })) },
        );
      }
      await manager.delete(CredentialEntity, { id });
    });
    await deleted.finally(() => this.resolutionCache.invalidateCredential(id));
  }

  /** For the hub's own outbound calls only: never put what this returns in an answer or a log. */
  async revealSecrets(id: string): Promise<RevealedCredential> {
    const credential = await this.credentials.findOneBy({ id });
    if (!credential) {
      throw new HubError(HubErrorCode.CredentialMissing, `Credential ${id} no longer exists`);
    }
    return this.revealSecretsOf(credential);
  }

  /** An OAuth credential's endpoints: its own, or Atlassian's under ATLASSIAN_AUTH_URL. */
  oauthEndpointsOf(credential: Pick<CredentialEntity, 'authorizationUrl' | 'tokenUrl'>): {
    authorizationUrl: string;
    tokenUrl: string;
  } {
    return {
      authorizationUrl: credential.authorizationUrl ?? `${this.config.atlassianAuthUrl}/authorize`,
      tokenUrl: credential.tokenUrl ?? `${this.config.atlassianAuthUrl}/oauth/token`,
    };
  }

  /** The same, for a credential row the caller already loaded (no second read). */
  revealSecretsOf(credential: CredentialEntity): RevealedCredential {
    return {
      credential,
      secret: (field) => {
        const stored = credential[CIPHERTEXT_COLUMN[field]];
        return stored
          ? this.secretBox.decrypt(stored, {
              table: CREDENTIALS_TABLE,
              recordId: credential.id,
              field,
            })
          : undefined;
      },
    };
  }

  private storeSecrets(entity: CredentialEntity, dto: CredentialFieldsDto): void {
    for (const field of SECRET_FIELDS_BY_TYPE[entity.type]) {
      const value = dto[field];
      if (value === undefined) continue;
      entity[CIPHERTEXT_COLUMN[field]] = this.secretBox.encrypt(value, {
        table: CREDENTIALS_TABLE,
        recordId: entity.id,
        field,
      });
    }
  }

  /**
   * A service account's client id and secret are worth saving only if the token endpoint gives a
   * token for them: refused (409 credential_refused, the endpoint's reason, never a secret) or
   * unreachable (502), nothing is saved. The token itself is not kept: connections fetch theirs.
   */
  private async verifyClientCredentials(entity: CredentialEntity): Promise<void> {
    if (entity.type !== CredentialType.ClientCredentials) return;
    const { secret } = this.revealSecretsOf(entity);
    try {
      await this.tokenEndpoint.clientCredentials({
        tokenUrl: this.oauthEndpointsOf(entity).tokenUrl,
        clientId: entity.clientId ?? '',
        clientSecret: secret('clientSecret') ?? '',
      });
    } catch (error) {
      throw clientCredentialsFailure(entity.name, error);
    }
  }

  private async saveUniquely(entity: CredentialEntity, dropCachedTokens = false): Promise<void> {
    try {
      await this.unitOfWork.run(async (manager) => {
        await manager.save(CredentialEntity, entity);
        // A token fetched with the old client id or secret must not outlive them. Its version
        // moves on (never back), so no instance takes the old token for the current one.
        if (dropCachedTokens) {
          await manager.update(
            ClientCredentialsTokenEntity,
            { credentialId: entity.id },
            { accessTokenCiphertext: null, expiresAt: new Date(0), version: () => 'version + 1' },
          );
        }
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw nameTaken(entity.name);
      throw error;
    } finally {
      // Executions signed in with this credential must use its new secrets from the next one on.
      this.resolutionCache.invalidateCredential(entity.id);
    }
  }

  private async findEntity(id: string): Promise<CredentialEntity> {
    const entity = await this.credentials.findOneBy({ id });
    if (!entity) throw HubError.notFound(`Credential ${id}`);
    return entity;
  }

  private toResponse(entity: CredentialEntity): CredentialResponseDto {
    const state = (ciphertext: string | null): SecretState => (ciphertext ? 'set' : 'not set');
    const expiresInDays = entity.expiresAt
      ? Math.floor((entity.expiresAt.getTime() - Date.now()) / DAY_MS)
      : null;
    const byType: Partial<CredentialResponseDto> =
      entity.type === CredentialType.Basic
        ? { username: entity.username ?? undefined, apiToken: state(entity.apiTokenCiphertext) }
        : entity.type === CredentialType.OAuth2
          ? {
              clientId: entity.clientId ?? undefined,
              clientSecret: state(entity.clientSecretCiphertext),
              ...this.oauthEndpointsOf(entity),
            }
          : entity.type === CredentialType.ClientCredentials
            ? {
                clientId: entity.clientId ?? undefined,
                clientSecret: state(entity.clientSecretCiphertext),
                tokenUrl: this.oauthEndpointsOf(entity).tokenUrl,
              }
            : { token: state(entity.tokenCiphertext) };
    return {
      id: entity.id,
      name: entity.name,
      type: entity.type,
      ...byType,
      expiresAt: entity.expiresAt?.toISOString() ?? null,
      expiresInDays,
      expiringSoon: expiresInDays !== null && expiresInDays < EXPIRING_SOON_DAYS,
      createdAt: entity.createdAt.toISOString(),
      updatedAt: entity.updatedAt.toISOString(),
    };
  }
}

function nameTaken(name: string): HubError {
  return new HubError(HubErrorCode.NameTaken, `A credential named "${name}" already exists`, [
    { field: 'name', rule: 'unique', message: `name "${name}" is already taken` },
  ]);
}

function inferType(dto: CredentialFieldsDto): CredentialType {
  if (dto.username?.includes('@')) return CredentialType.Basic;
  if (dto.clientId) return CredentialType.OAuth2;
  if (dto.token) return CredentialType.Bearer;
  throw HubError.invalid(
    'type',
    'required',
    'type is required (basic, oauth2, bearer or client_credentials) unless it can be inferred: a username with @ means basic, a clientId oauth2, a token bearer',
  );
}

function checkFieldsForType(
  type: CredentialType,
  dto: CredentialFieldsDto,
  creating: boolean,
): void {
  const { required, optional } = FIELDS_BY_TYPE[type];
  const errors: FieldError[] = [];
  for (const field of TYPE_SPECIFIC_FIELDS) {
    if (dto[field] !== undefined && !required.includes(field) && !optional.includes(field)) {
      errors.push({
        field,
        rule: 'notForType',
        message: `${field} does not apply to a ${type} credential`,
      });
    }
  }
  if (creating) {
    for (const field of required) {
      if (dto[field as keyof CredentialFieldsDto] === undefined) {
        errors.push({
          field,
          rule: 'required',
          message: `${field} is required for a ${type} credential`,
        });
      }
    }
  }
  if (errors.length > 0) throw HubError.invalidFields(errors);
}

/** Why a service account's credential cannot be saved, in the token endpoint's words. */
export function clientCredentialsFailure(name: string, error: unknown): unknown {
  if (!(error instanceof TokenEndpointError)) return error;
  if (error.failure === TokenEndpointFailure.Refused) {
    return new HubError(
      HubErrorCode.CredentialRefused,
      `Atlassian refused the client id and secret of credential "${name}": ${error.message}`,
      [],
      { reason: error.oauthError },
    );
  }
  return new HubError(
    HubErrorCode.UpstreamFailed,
    `Could not get a token for credential "${name}": ${error.message}`,
  );
}
