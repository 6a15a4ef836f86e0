import { DynamicModule, Global, Module } from '@nestjs/common';
import { HubConfig } from './hub-config';

@Global()
@Module({})
export class ConfigModule {
  /** The configuration is loaded (and validated) by the caller, so a bad value stops start-up early. */
  static forRoot(config: HubConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: HubConfig, useValue: config }],
      exports: [HubConfig],
    };
  }
}
