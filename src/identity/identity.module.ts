import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ApiTokensController } from './api-tokens.controller';
import { ApiTokensService } from './api-tokens.service';
import { AuthGuard } from './auth.guard';
import { BrowserSessionsService } from './browser-sessions.service';
import { FirstAdminService } from './first-admin.service';
import { SignInFormTokens } from './sign-in-form-token';
import { SignInThrottleService } from './sign-in-throttle.service';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

@Module({
  controllers: [ApiTokensController, UsersController],
  providers: [
    ApiTokensService,
    FirstAdminService,
    UsersService,
    BrowserSessionsService,
    SignInThrottleService,
    SignInFormTokens,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [ApiTokensService, UsersService, BrowserSessionsService, SignInFormTokens],
})
export class IdentityModule {}
