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

@Injectable()
export class ApiTokensService {
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
    // Every API request comes through here, so this is one indexed lookup in plain SQL: through
    // the query builder and entity mapping it cost several times the query itself.
    const hash = this.tokens.manager.connection.driver.createParameter('tokenHash', 0);
    const [row] = await this.tokens.query<Array<Pick<ApiTokenEntity, 'id' | 'name' | 'role'>>>(
      `SELECT id, name, role FROM api_tokens WHERE token_hash = ${hash}`,
      [hashApiToken(token)],
    );
    return row ? { kind: 'api-token', id: row.id, name: row.name, role: row.role } : undefined;
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
