import { Module } from '@nestjs/common';
import { CredentialsController } from './credentials.controller';
import { CredentialsService } from './credentials.service';
import { TokenEndpointClient } from '../oauth/token-endpoint.client';

@Module({
  controllers: [CredentialsController],
  // The token endpoint verifies a service account's client id and secret before they are saved.
  providers: [CredentialsService, TokenEndpointClient],
  exports: [CredentialsService, TokenEndpointClient],
})
export class CredentialsModule {}
