import { Module } from '@nestjs/common';
import { CredentialsModule } from '../credentials/credentials.module';
import { OAuthTokenService } from './oauth-token.service';
import { ClientCredentialsTokenService } from './client-credentials-token.service';

/** Tokens in use: what connections need to sign in with OAuth or a service account (no routes). */
@Module({
  imports: [CredentialsModule],
  providers: [OAuthTokenService, ClientCredentialsTokenService],
  exports: [OAuthTokenService, ClientCredentialsTokenService],
})
export class OAuthTokensModule {}
