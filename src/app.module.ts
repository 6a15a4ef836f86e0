import { DynamicModule, Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { LoggerModule } from 'nestjs-pino';
import { ActionsModule } from './actions/actions.module';
import { AliasesModule } from './aliases/aliases.module';
import { AtlassianModule } from './atlassian/atlassian.module';
import { ConfigModule } from './config/config.module';
import { HubConfig } from './config/hub-config';
import { ConnectionsModule } from './connections/connections.module';
import { ConsoleModule } from './console/console.module';
import { CredentialsModule } from './credentials/credentials.module';
import { CryptoModule } from './crypto/crypto.module';
import { DatabaseModule } from './database/database.module';
import { ExecutionsModule } from './executions/executions.module';
import { HealthModule } from './health/health.module';
import { IdentityModule } from './identity/identity.module';
import { MetricsModule } from './metrics/metrics.module';
import { OAuthModule } from './oauth/oauth.module';
import { ResolutionCacheModule } from './resolution-cache/resolution-cache.module';

@Module({})
export class AppModule {
  static forRoot(config: HubConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        // The request's logger comes from requestLogging() (app.factory.ts); this module makes it
        // the one Nest's loggers write to while the request is served.
        LoggerModule.forRoot({ useExisting: true }),
        // The hub's periodic jobs (@Interval): keep-alive, pruning, shared rate-limit pulls.
        ScheduleModule.forRoot(),
        DatabaseModule.forRoot(),
        CryptoModule,
        ResolutionCacheModule,
        AtlassianModule,
        IdentityModule,
        CredentialsModule,
        ConnectionsModule,
        AliasesModule,
        ExecutionsModule,
        ActionsModule,
        HealthModule,
        MetricsModule,
        OAuthModule,
        ConsoleModule,
      ],
    };
  }
}
