import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { Repository } from 'typeorm';
import { HubError } from '../common/hub-error';
import { HubConfig } from '../config/hub-config';
import { UnitOfWork } from '../database/unit-of-work';
import { ApiTokenEntity } from './api-token.entity';
import { ApiTokenResponseDto, CreatedApiTokenDto } from './dto/api-token-response.dto';
import { CreateApiTokenDto } from './dto/create-api-token.dto';
import { HubIdentity } from './hub-identity';
import { Role } from './role';
import { constantTimeEquals, generateApiToken, hashApiToken } from './secrets';

/** Verified tokens kept at most; beyond that the oldest is dropped (a bound, not a working set). */
const MAX_VERIFIED_TOKENS = 1000;

@Injectable()
export class ApiTokensService {
  /**
   * Tokens the database confirmed lately, by hash, so that a flow's stream of requests costs one
   * lookup per HUB_API_TOKEN_CACHE_TTL_MS rather than one each. Unknown tokens are never kept.
   */
  private readonly verified = new Map<string, { identity: HubIdentity; expiresAt: number }>();

  constructor(
    @InjectRepository(ApiTokenEntity) private readonly tokens: Repository<ApiTokenEntity>,
    private readonly config: HubConfig,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  async createToken(dto: CreateApiTokenDto, creator: HubIdentity): Promise<CreatedApiTokenDto> {
    const token = generateApiToken();
    const entity = this.tokens.create({
      id: randomUUID(),
      name: dto.name,
      role: dto.role,
      tokenHash: hashApiToken(token),
      tokenPrefix: token.slice(0, 9),
      createdBy: creator.name,
    });
    await this.unitOfWork.run((manager) => manager.insert(ApiTokenEntity, entity));
    return { ...toResponse(entity), token };
  }

  async listTokens(): Promise<ApiTokenResponseDto[]> {
    const entities = await this.tokens.find({ order: { createdAt: 'ASC', name: 'ASC' } });
    return entities.map(toResponse);
  }

  async revokeToken(id: string): Promise<void> {
    const result = await this.unitOfWork.run((manager) => manager.delete(ApiTokenEntity, { id }));
    // Refused by this instance from now on; other instances stop believing it within the TTL.
    this.verified.clear();
    if (!result.affected) throw HubError.notFound(`API token ${id}`);
  }

  /** The identity a bearer token stands for, or undefined when it stands for nobody. */
  async identify(token: string): Promise<HubIdentity | undefined> {
    if (this.config.adminToken && constantTimeEquals(token, this.config.adminToken)) {
      return {
        kind: 'admin-token',
        id: 'HUB_ADMIN_TOKEN',
        name: 'HUB_ADMIN_TOKEN',
        role: Role.Admin,
      };
    }
    const tokenHash = hashApiToken(token);
    const ttlMs = this.config.apiTokenCacheTtlMs;
    const known = ttlMs > 0 ? this.verified.get(tokenHash) : undefined;
    if (known && known.expiresAt > Date.now()) return known.identity;
    const readAt = Date.now();
    // Every API request whose token is not kept comes through here, so this is one indexed
    // lookup in plain SQL: through the query builder and entity mapping it cost several times
    // the query itself.
    const hash = this.tokens.manager.connection.driver.createParameter('tokenHash', 0);
    const [row] = await this.tokens.query<Array<Pick<ApiTokenEntity, 'id' | 'name' | 'role'>>>(
      `SELECT id, name, role FROM api_tokens WHERE token_hash = ${hash}`,
      [tokenHash],
    );
    if (!row) {
      this.verified.delete(tokenHash);
      return undefined;
    }
    const identity: HubIdentity = { kind: 'api-token', id: row.id, name: row.name, role: row.role };
    if (ttlMs > 0) this.keepVerified(tokenHash, identity, readAt + ttlMs);
    return identity;
  }

  private keepVerified(tokenHash: string, identity: HubIdentity, expiresAt: number): void {
    this.verified.delete(tokenHash);
    if (this.verified.size >= MAX_VERIFIED_TOKENS) {
      this.verified.delete(this.verified.keys().next().value!);
    }
    this.verified.set(tokenHash, { identity, expiresAt });
  }
}

function toResponse(entity: ApiTokenEntity): ApiTokenResponseDto {
  return {
    id: entity.id,
    name: entity.name,
    role: entity.role,
    prefix: entity.tokenPrefix,
    createdBy: entity.createdBy,
    createdAt: entity.createdAt.toISOString(),
  };
}
