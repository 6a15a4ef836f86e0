import { Module } from '@nestjs/common';
import { CredentialsModule } from '../credentials/credentials.module';
import { OAuthTokensModule } from '../oauth/oauth-tokens.module';
import { ConnectionClientFactory } from './connection-client.factory';
import { ConnectionTesterService } from './connection-tester.service';
import { ConnectionsController } from './connections.controller';
import { ConnectionsService } from './connections.service';
import { SiteDiscoveryService } from './site-discovery.service';
import { SiteNamesService } from './site-names.service';

@Module({
  imports: [CredentialsModule, OAuthTokensModule],
  controllers: [ConnectionsController],
  providers: [
    ConnectionsService,
    ConnectionTesterService,
    SiteDiscoveryService,
    SiteNamesService,
    ConnectionClientFactory,
  ],
  exports: [
    ConnectionsService,
    ConnectionClientFactory,
    ConnectionTesterService,
    SiteDiscoveryService,
    SiteNamesService,
  ],
})
export class ConnectionsModule {}
