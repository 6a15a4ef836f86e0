import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { EntityManager, Not, Repository } from 'typeorm';
import { HubError, HubErrorCode } from '../common/hub-error';
import { isUniqueViolation } from '../database/database-errors';
import { UnitOfWork } from '../database/unit-of-work';
import { BrowserSessionEntity } from './browser-session.entity';
import { ChangePasswordDto, CreateUserDto, UpdateUserDto, UserResponseDto } from './dto/user.dto';
import { Role } from './role';
import { hashPassword, verifyPassword } from './secrets';
import { UserEntity } from './user.entity';

/** Hub users: the people who sign in to the console. */
@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  async listUsers(): Promise<UserResponseDto[]> {
    const users = await this.users.find({ order: { username: 'ASC' } });
    return users.map(toResponse);
  }

  async getUser(id: string): Promise<UserResponseDto> {
    return toResponse(await this.findEntity(id));
  }

  async createUser(dto: CreateUserDto): Promise<UserResponseDto> {
    const entity = this.users.create({
      id: randomUUID(),
      username: dto.username,
      passwordHash: await hashPassword(dto.password),
      role: dto.role,
    });
    await this.unitOfWork.run(async (manager) => {
      if (await manager.existsBy(UserEntity, { username: dto.username })) {
        throw usernameTaken(dto.username);
      }
      try {
        await manager.insert(UserEntity, entity);
      } catch (error) {
        if (isUniqueViolation(error)) throw usernameTaken(dto.username);
        throw error;
      }
    });
    return this.getUser(entity.id);
  }

  /** A new password ends every session of that user: whoever knew the old one is signed out. */
  async updateUser(id: string, dto: UpdateUserDto): Promise<UserResponseDto> {
    const passwordHash = dto.password === undefined ? undefined : await hashPassword(dto.password);
    await this.unitOfWork.run(async (manager) => {
      const entity = await manager.findOneBy(UserEntity, { id });
      if (!entity) throw HubError.notFound(`User ${id}`);
      if (dto.role !== undefined && dto.role !== entity.role) {
        if (entity.role === Role.Admin) await assertAnotherAdmin(manager, entity, 'demote');
        entity.role = dto.role;
      }
      if (passwordHash !== undefined) {
        entity.passwordHash = passwordHash;
        await manager.delete(BrowserSessionEntity, { userId: id });
      }
      await manager.save(UserEntity, entity);
    });
    return this.getUser(id);
  }

  /** Ends the user's other sessions, so a stolen session does not outlive the password change. */
  async changeOwnPassword(
    userId: string,
    currentSessionId: string,
    dto: ChangePasswordDto,
  ): Promise<void> {
    const entity = await this.findEntity(userId);
    if (!(await verifyPassword(dto.currentPassword, entity.passwordHash))) {
      throw HubError.invalid('currentPassword', 'wrong', 'currentPassword is not your password');
    }
    const passwordHash = await hashPassword(dto.newPassword);
    await this.unitOfWork.run(async (manager) => {
      await manager.update(UserEntity, { id: userId }, { passwordHash, mustChangePassword: false });
      await manager.delete(BrowserSessionEntity, { userId, id: Not(currentSessionId) });
    });
  }

  async deleteUser(id: string, actorUserId?: string): Promise<void> {
    if (id === actorUserId) {
      throw new HubError(
        HubErrorCode.SelfDeletion,
        'You cannot delete the user you are signed in as; ask another admin',
      );
    }
    await this.unitOfWork.run(async (manager) => {
      const entity = await manager.findOneBy(UserEntity, { id });
      if (!entity) throw HubError.notFound(`User ${id}`);
      if (entity.role === Role.Admin) await assertAnotherAdmin(manager, entity, 'delete');
      await manager.delete(UserEntity, { id });
    });
  }

  private async findEntity(id: string): Promise<UserEntity> {
    const entity = await this.users.findOneBy({ id });
    if (!entity) throw HubError.notFound(`User ${id}`);
    return entity;
  }
}

/** Someone must still be able to sign in and manage the hub. */
async function assertAnotherAdmin(
  manager: EntityManager,
  entity: UserEntity,
  change: 'demote' | 'delete',
): Promise<void> {
  const others = await manager.countBy(UserEntity, { role: Role.Admin, id: Not(entity.id) });
  if (others === 0) {
    throw new HubError(
      HubErrorCode.LastAdmin,
      `"${entity.username}" is the last admin user; make another user admin before you ${change} it`,
    );
  }
}

function usernameTaken(username: string): HubError {
  return new HubError(HubErrorCode.NameTaken, `A user named "${username}" already exists`, [
    { field: 'username', rule: 'unique', message: `username "${username}" is already taken` },
  ]);
}

function toResponse(entity: UserEntity): UserResponseDto {
  return {
    id: entity.id,
    username: entity.username,
    role: entity.role,
    createdAt: entity.createdAt.toISOString(),
  };
}
