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
 * user `admin` and prints its password once, in a block that stands out from the log lines around
 * it: that is the only place it ever appears. The console asks for a new one at the first sign-in.
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
          mustChangePassword: true,
        }),
      );
    } catch (error) {
      if (isUniqueViolation(error)) return; // another instance created it first
      throw error;
    }
    this.logger.warn(firstAdminBlock('admin', password));
  }
}

/** Framed lines, readable among the log lines in a terminal (one JSON string in a JSON log). */
export function firstAdminBlock(username: string, password: string): string {
  const lines = [
    'Created the first hub user. Sign in to the console with:',
    '',
    `    user name:  ${username}`,
    `    password:   ${password}`,
    '',
    'This password is shown only this once: the console asks for a new one at first sign-in.',
  ];
  const width = Math.max(...lines.map((line) => line.length));
  const rule = '='.repeat(width + 4);
  return ['', rule, ...lines.map((line) => `  ${line}`), rule].join('\n');
}
