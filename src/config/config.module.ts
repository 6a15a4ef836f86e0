import { DynamicModule, Global, Module } from '@nestjs/common';
import { ConfigModule as NestConfigModule, ConfigService } from '@nestjs/config';
import { HubConfig } from './hub-config';

/** The namespace the validated configuration is registered under in @nestjs/config. */
export const HUB_CONFIG = 'hub';

/**
 * The configuration through @nestjs/config: the HubConfig that main.ts (or the CLI, or a test)
 * validated with `loadHubConfig` is registered as the `hub` namespace of ConfigService, and every
 * service injects it as `HubConfig`. It is validated before the application is built, not by the
 * module's `validate` hook, so that a bad value stops the hub with the documented message instead
 * of Nest's exception handler; and the module reads no `.env` file and writes nothing into
 * process.env, so several hubs with different settings can run in one process (the tests do).
 */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: HubConfig): DynamicModule {
    return {
      module: ConfigModule,
      imports: [
        NestConfigModule.forRoot({
          ignoreEnvFile: true,
          ignoreEnvVars: true,
          skipProcessEnv: true,
          load: [() => ({ [HUB_CONFIG]: config })],
        }),
      ],
      providers: [
        {
          provide: HubConfig,
          inject: [ConfigService],
          useFactory: (configService: ConfigService) =>
            configService.getOrThrow<HubConfig>(HUB_CONFIG),
        },
      ],
      exports: [HubConfig, NestConfigModule],
    };
  }
}
