import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule } from '../config/config.module';
import { HubConfig } from '../config/hub-config';
import { CryptoModule } from '../crypto/crypto.module';
import { DatabaseModule } from '../database/database.module';
import { ApiTokensService } from '../identity/api-tokens.service';

/** Only what the operator commands need: no HTTP server and no first-start side effects. */
@Module({})
export class CliModule {
  static forRoot(config: HubConfig): DynamicModule {
    return {
      module: CliModule,
      imports: [ConfigModule.forRoot(config), DatabaseModule.forRoot(), CryptoModule],
      providers: [ApiTokensService],
    };
  }
}
