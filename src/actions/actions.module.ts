import { Module } from '@nestjs/common';
import { AliasesModule } from '../aliases/aliases.module';
import { ExecutionsModule } from '../executions/executions.module';
import { OAuthTokensModule } from '../oauth/oauth-tokens.module';
import { ActionCatalog, SPOKE_ACTIONS } from './action-catalog';
import { ActionsController } from './actions.controller';
import { ActionsService } from './actions.service';
import { RateLimitGate } from './runtime/rate-limit-gate';
import { SharedRateLimits } from './runtime/shared-rate-limits';
import { ALL_SPOKE_ACTIONS } from '../spokes';

@Module({
  imports: [AliasesModule, ExecutionsModule, OAuthTokensModule],
  controllers: [ActionsController],
  providers: [
    { provide: SPOKE_ACTIONS, useValue: ALL_SPOKE_ACTIONS },
    ActionCatalog,
    ActionsService,
    RateLimitGate,
    SharedRateLimits,
  ],
  exports: [ActionsService, ActionCatalog],
})
export class ActionsModule {}
