import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule } from '../config/config.module';
import { HubConfig } from '../config/hub-config';
import { CryptoModule } from '../crypto/crypto.module';
import { DatabaseModule } from '../database/database.module';
import { ApiTokensService } from '../identity/api-tokens.service';
import { ResolutionCacheModule } from '../resolution-cache/resolution-cache.module';

/** Only what the operator commands need: no HTTP server and no first-start side effects. */
@Module({})
export class CliModule {
  static forRoot(config: HubConfig): DynamicModule {
    return {
      module: CliModule,
      // Key rotation invalidates the resolution cache, empty in a CLI process.
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule.forRoot(),
        CryptoModule,
        ResolutionCacheModule,
      ],
      providers: [ApiTokensService],
    };
  }
}
