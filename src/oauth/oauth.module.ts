import { Module } from '@nestjs/common';
import { ConnectionsModule } from '../connections/connections.module';
import { CredentialsModule } from '../credentials/credentials.module';
import { IdentityModule } from '../identity/identity.module';
import { OAuthAuthorizationService } from './oauth-authorization.service';
import { OAuthController } from './oauth.controller';
import { OAuthKeepAliveService } from './oauth-keep-alive.service';
import { OAuthStateStore } from './oauth-state.store';
import { OAuthTokensModule } from './oauth-tokens.module';

/** "Save and Get OAuth Token" (the flow and its routes) and the keep-alive of grants. */
@Module({
  imports: [ConnectionsModule, CredentialsModule, IdentityModule, OAuthTokensModule],
  controllers: [OAuthController],
  providers: [OAuthAuthorizationService, OAuthStateStore, OAuthKeepAliveService],
  exports: [OAuthAuthorizationService, OAuthKeepAliveService],
})
export class OAuthModule {}
