import { Module } from '@nestjs/common';
import { CredentialsModule } from '../credentials/credentials.module';
import { OAuthTokensModule } from '../oauth/oauth-tokens.module';
import { ConnectionClientFactory } from './connection-client.factory';
import { ConnectionTesterService } from './connection-tester.service';
import { ConnectionsController } from './connections.controller';
import { ConnectionsService } from './connections.service';
import { SiteDiscoveryService } from './site-discovery.service';

@Module({
  imports: [CredentialsModule, OAuthTokensModule],
  controllers: [ConnectionsController],
  providers: [
    ConnectionsService,
    ConnectionTesterService,
    SiteDiscoveryService,
    ConnectionClientFactory,
  ],
  exports: [
    ConnectionsService,
    ConnectionClientFactory,
    ConnectionTesterService,
    SiteDiscoveryService,
  ],
})
export class ConnectionsModule {}
