import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { Repository } from 'typeorm';
import { HubError, HubErrorCode } from '../common/hub-error';
import { ConnectionEntity } from '../connections/connection.entity';
import { ConnectionsService } from '../connections/connections.service';
import { isUniqueViolation } from '../database/database-errors';
import { UnitOfWork } from '../database/unit-of-work';
import { ResolutionCache } from '../resolution-cache/resolution-cache';
import { AliasEntity } from './alias.entity';
import { AliasDetailDto, AliasResponseDto } from './dto/alias-response.dto';
import { CreateAliasDto, UpdateAliasDto } from './dto/create-alias.dto';

@Injectable()
export class AliasesService {
  constructor(
    @InjectRepository(AliasEntity) private readonly aliases: Repository<AliasEntity>,
    @InjectRepository(ConnectionEntity) private readonly connections: Repository<ConnectionEntity>,
    private readonly connectionsService: ConnectionsService,
    private readonly unitOfWork: UnitOfWork,
    private readonly resolutionCache: ResolutionCache,
  ) {}

  async createAlias(dto: CreateAliasDto): Promise<AliasDetailDto> {
    let spoke = dto.spoke;
    if (dto.parentId) {
      const parent = await this.aliases.findOneBy({ id: dto.parentId });
      if (!parent)
        throw HubError.invalid(
          'parentId',
          'exists',
          `parentId ${dto.parentId} is not an existing alias`,
        );
      // ServiceNow's model: a spoke's parent alias and one level of children, one per site.
      if (parent.parentId) {
        throw HubError.invalid(
          'parentId',
          'parentIsChild',
          `${parent.name} is a child alias; a child alias cannot have children`,
        );
      }
      if (dto.spoke && dto.spoke !== parent.spoke) {
        throw HubError.invalid(
          'spoke',
          'inherited',
          `spoke must be ${parent.spoke}, the spoke of parent ${parent.name}, or left out`,
        );
      }
      spoke = parent.spoke;
    }
    if (!spoke) throw HubError.invalid('spoke', 'required', 'spoke is required for a parent alias');
    const id = randomUUID();
    await this.saveUniquely(
      this.aliases.create({ id, name: dto.name, spoke, parentId: dto.parentId ?? null }),
    );
    return this.getAlias(id);
  }

  async listAliases(): Promise<AliasResponseDto[]> {
    const aliases = await this.aliases.find({ order: { name: 'ASC' } });
    return this.toResponses(aliases);
  }

  async getAlias(id: string): Promise<AliasDetailDto> {
    const alias = await this.findEntity(id);
    const [connections, children] = await Promise.all([
      this.connections.find({ where: { aliasId: id }, order: { name: 'ASC' } }),
      this.aliases.find({ where: { parentId: id }, order: { name: 'ASC' } }),
    ]);
    const [response] = await this.toResponses([alias]);
    return {
      ...response,
      connections: await this.connectionsService.toResponses(connections),
      children: await this.toResponses(children),
    };
  }

  async updateAlias(id: string, dto: UpdateAliasDto): Promise<AliasDetailDto> {
    const alias = await this.findEntity(id);
    alias.name = dto.name;
    await this.saveUniquely(alias);
    return this.getAlias(id);
  }

  async deleteAlias(id: string): Promise<void> {
    try {
      await this.deleteIfUnused(id);
    } finally {
      this.resolutionCache.invalidateAlias(id);
    }
  }

  private async deleteIfUnused(id: string): Promise<void> {
    await this.unitOfWork.run(async (manager) => {
      const alias = await manager.findOneBy(AliasEntity, { id });
      if (!alias) throw HubError.notFound(`Alias ${id}`);
      const children = await manager.find(AliasEntity, {
        where: { parentId: id },
        order: { name: 'ASC' },
      });
      if (children.length > 0) {
        throw new HubError(
          HubErrorCode.AliasHasChildren,
          `Alias "${alias.name}" has child aliases (${children.map((child) => child.name).join(', ')}); delete them first`,
          [],
          { children: children.map((child) => ({ id: child.id, name: child.name })) },
        );
      }
      const connections = await manager.find(ConnectionEntity, {
        where: { aliasId: id },
        order: { name: 'ASC' },
      });
      if (connections.length > 0) {
        throw new HubError(
          HubErrorCode.AliasHasConnections,
          `Alias "${alias.name}" has connections (${connections.map((c) => c.name).join(', ')}); delete or move them first`,
          [],
          { connections: connections.map((c) => ({ id: c.id, name: c.name })) },
        );
      }
      await manager.delete(AliasEntity, { id });
    });
  }

  private async findEntity(id: string): Promise<AliasEntity> {
    const alias = await this.aliases.findOneBy({ id });
    if (!alias) throw HubError.notFound(`Alias ${id}`);
    return alias;
  }

  private async saveUniquely(alias: AliasEntity): Promise<void> {
    try {
      await this.unitOfWork.run((manager) => manager.save(AliasEntity, alias));
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new HubError(
          HubErrorCode.NameTaken,
          `An alias named "${alias.name}" already exists`,
          [{ field: 'name', rule: 'unique', message: `name "${alias.name}" is already taken` }],
        );
      }
      throw error;
    } finally {
      // Also after a failed save: on SQLite a read may have seen the uncommitted row.
      this.resolutionCache.invalidateAlias(alias.id);
    }
  }

  private async toResponses(aliases: AliasEntity[]): Promise<AliasResponseDto[]> {
    if (aliases.length === 0) return [];
    const [all, active] = await Promise.all([
      this.aliases.find({ select: { id: true, name: true } }),
      this.connections.find({ where: { active: true }, select: { id: true, aliasId: true } }),
    ]);
    const nameById = new Map(all.map((alias) => [alias.id, alias.name]));
    const activeByAlias = new Map(active.map((connection) => [connection.aliasId, connection.id]));
    return aliases.map((alias) => ({
      id: alias.id,
      name: alias.name,
      spoke: alias.spoke,
      parentId: alias.parentId,
      parentName: alias.parentId ? (nameById.get(alias.parentId) ?? null) : null,
      activeConnectionId: activeByAlias.get(alias.id) ?? null,
      createdAt: alias.createdAt.toISOString(),
    }));
  }
}
