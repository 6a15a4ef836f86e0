import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { Repository } from 'typeorm';
import { HubConfig } from '../config/hub-config';
import { isUniqueViolation } from '../database/database-errors';
import { UnitOfWork } from '../database/unit-of-work';
import { Role } from './role';
import { generatePassword, hashPassword } from './secrets';
import { UserEntity } from './user.entity';

/**
 * A fresh hub with no users and no HUB_ADMIN_TOKEN would be unusable, so the first start creates
 * user `admin` and prints its password once: that log line is the only place it ever appears.
 */
@Injectable()
export class FirstAdminService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Identity');

  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    private readonly config: HubConfig,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.adminToken || (await this.users.count()) > 0) return;
    const password = generatePassword();
    try {
      const passwordHash = await hashPassword(password);
      await this.unitOfWork.run((manager) =>
        manager.insert(UserEntity, {
          id: randomUUID(),
          username: 'admin',
          passwordHash,
          role: Role.Admin,
        }),
      );
    } catch (error) {
      if (isUniqueViolation(error)) return; // another instance created it first
      throw error;
    }
    this.logger.warn(
      `Created the first hub user "admin" with password ${password} (shown once; change it after signing in)`,
    );
  }
}
