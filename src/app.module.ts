import { DynamicModule, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
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
import { RequestLoggerMiddleware } from './logging/request-logger.middleware';
import { ResolutionCacheModule } from './resolution-cache/resolution-cache.module';

@Module({})
export class AppModule implements NestModule {
  static forRoot(config: HubConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
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

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RequestLoggerMiddleware).forRoutes('*');
  }
}
