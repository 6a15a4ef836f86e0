import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ApiTokensController } from './api-tokens.controller';
import { ApiTokensService } from './api-tokens.service';
import { AuthGuard } from './auth.guard';
import { FirstAdminService } from './first-admin.service';

@Module({
  controllers: [ApiTokensController],
  providers: [ApiTokensService, FirstAdminService, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [ApiTokensService],
})
export class IdentityModule {}
