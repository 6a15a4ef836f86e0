import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { EntityManager, Repository } from 'typeorm';
import { HubError, HubErrorCode, inPart } from '../common/hub-error';
import { ConnectionEntity } from '../connections/connection.entity';
import { ConnectionsService } from '../connections/connections.service';
import { CredentialsService } from '../credentials/credentials.service';
import { isUniqueViolation } from '../database/database-errors';
import { UnitOfWork } from '../database/unit-of-work';
import { ResolutionCache } from '../resolution-cache/resolution-cache';
import { AliasEntity } from './alias.entity';
import { AddConnectionDto, AddedConnectionDto } from './dto/add-connection.dto';
import { AliasDetailDto, AliasResponseDto } from './dto/alias-response.dto';
import { CreateAliasDto, UpdateAliasDto } from './dto/create-alias.dto';

@Injectable()
export class AliasesService {
  constructor(
    @InjectRepository(AliasEntity) private readonly aliases: Repository<AliasEntity>,
    @InjectRepository(ConnectionEntity) private readonly connections: Repository<ConnectionEntity>,
    private readonly connectionsService: ConnectionsService,
    private readonly credentialsService: CredentialsService,
    private readonly unitOfWork: UnitOfWork,
    private readonly resolutionCache: ResolutionCache,
  ) {}

  async createAlias(dto: CreateAliasDto): Promise<AliasDetailDto> {
    const id = await this.unitOfWork.runRecheckingReferences((manager) =>
      this.insertAlias(manager, dto),
    );
    return this.getAlias(id);
  }

  /**
   * "Add Connection" in one transaction: the child alias, the credential and the connection are
   * all saved, or none is. Field errors name the part they belong to (`connection.url`).
   */
  async addConnection(aliasId: string, dto: AddConnectionDto): Promise<AddedConnectionDto> {
    await this.findEntity(aliasId);
    if (Boolean(dto.connection.credentialId) === Boolean(dto.credential)) {
      throw HubError.invalid(
        'connection.credentialId',
        'required',
        'connection.credentialId is required unless a new credential is given; give one or the other',
      );
    }
    // A service account is asked for a token and checked on its site before anything is saved,
    // outside the transaction: no network call holds the database.
    const newCredential = dto.credential;
    if (newCredential) {
      await inPart('credential', () => this.credentialsService.verifyNewCredential(newCredential));
    }
    const url = await inPart('connection', () =>
      this.connectionsService.serviceAccountSite(
        newCredential
          ? { credential: newCredential }
          : { credentialId: dto.connection.credentialId! },
        dto.connection.url,
      ),
    );
    const saved = this.unitOfWork.runRecheckingReferences(async (manager) => {
      const childAlias = dto.childAlias;
      const targetAliasId = childAlias
        ? await inPart('childAlias', () =>
            this.insertAlias(manager, { name: childAlias.name, parentId: aliasId }),
          )
        : aliasId;
      const credentialId = newCredential
        ? await inPart('credential', () =>
            this.credentialsService.insertCredential(manager, newCredential),
          )
        : dto.connection.credentialId!;
      const connectionId = await inPart('connection', () =>
        this.connectionsService.insertConnection(manager, {
          ...dto.connection,
          url,
          aliasId: targetAliasId,
          credentialId,
        }),
      );
      return { targetAliasId, connectionId };
    });
    // A connection added to an existing alias may have become its active one.
    const { targetAliasId, connectionId } = await saved.finally(() =>
      this.resolutionCache.invalidateAlias(aliasId),
    );
    return {
      alias: await this.getAlias(targetAliasId),
      connection: await this.connectionsService.getConnection(connectionId),
    };
  }

  private async insertAlias(manager: EntityManager, dto: CreateAliasDto): Promise<string> {
    let spoke = dto.spoke;
    if (dto.parentId) {
      const parent = await manager.findOneBy(AliasEntity, { id: dto.parentId });
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
    if (await manager.existsBy(AliasEntity, { name: dto.name })) throw aliasNameTaken(dto.name);
    const id = randomUUID();
    try {
      await manager.insert(
        AliasEntity,
        this.aliases.create({ id, name: dto.name, spoke, parentId: dto.parentId ?? null }),
      );
    } catch (error) {
      if (isUniqueViolation(error)) throw aliasNameTaken(dto.name);
      throw error;
    }
    return id;
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
    await this.unitOfWork.runRecheckingReferences(async (manager) => {
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
      if (isUniqueViolation(error)) throw aliasNameTaken(alias.name);
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

function aliasNameTaken(name: string): HubError {
  return new HubError(HubErrorCode.NameTaken, `An alias named "${name}" already exists`, [
    { field: 'name', rule: 'unique', message: `name "${name}" is already taken` },
  ]);
}
