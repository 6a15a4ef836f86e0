import { Module } from '@nestjs/common';
import { CredentialsModule } from '../credentials/credentials.module';
import { OAuthTokenService } from './oauth-token.service';
import { TokenEndpointClient } from './token-endpoint.client';

/** Tokens in use: what connections need to sign in with OAuth (no routes). */
@Module({
  imports: [CredentialsModule],
  providers: [OAuthTokenService, TokenEndpointClient],
  exports: [OAuthTokenService, TokenEndpointClient],
})
export class OAuthTokensModule {}
