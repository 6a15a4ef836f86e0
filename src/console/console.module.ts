import { Module } from '@nestjs/common';
import { ActionsModule } from '../actions/actions.module';
import { AliasesModule } from '../aliases/aliases.module';
import { ConnectionsModule } from '../connections/connections.module';
import { CredentialsModule } from '../credentials/credentials.module';
import { ExecutionsModule } from '../executions/executions.module';
import { IdentityModule } from '../identity/identity.module';
import { OAuthModule } from '../oauth/oauth.module';
import { AccountController } from './account.controller';
import { ConsoleActionsController } from './actions.controller';
import { ConsoleAdminController } from './admin.controller';
import { ConsoleExecutionsController } from './executions.controller';
import { ConsoleAliasesController } from './aliases.controller';
import { ConsoleConnectionOAuthController } from './connection-oauth.controller';
import { ConsoleConnectionsController } from './connections.controller';
import { ConsoleCredentialsController } from './credentials.controller';
import { OAuthConsent } from './oauth-consent';
import { SiteLookup } from './site-lookup';
import { ConsoleSessionGuard } from './console-session.guard';
import { DashboardController } from './dashboard.controller';
import { DashboardService } from './dashboard.service';
import { SignInController } from './sign-in.controller';

/** The web console: server-rendered pages over the same services as the REST API. */
@Module({
  imports: [
    IdentityModule,
    CredentialsModule,
    ConnectionsModule,
    AliasesModule,
    ExecutionsModule,
    ActionsModule,
    OAuthModule,
  ],
  controllers: [
    SignInController,
    AccountController,
    DashboardController,
    ConsoleAliasesController,
    ConsoleConnectionsController,
    ConsoleConnectionOAuthController,
    ConsoleCredentialsController,
    ConsoleActionsController,
    ConsoleExecutionsController,
    ConsoleAdminController,
  ],
  providers: [ConsoleSessionGuard, DashboardService, SiteLookup, OAuthConsent],
})
export class ConsoleModule {}
