import { DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { HubConfig } from '../config/hub-config';
import { dataSourceOptionsFor } from './data-source-options';
import { ENTITIES } from './entities';
import { UnitOfWork } from './unit-of-work';

@Global()
@Module({})
export class DatabaseModule {
  static forRoot(): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [HubConfig],
          useFactory: (config: HubConfig) => ({
            ...dataSourceOptionsFor(config.database),
            retryAttempts: 3,
            retryDelay: 1000,
          }),
        }),
        TypeOrmModule.forFeature(ENTITIES),
      ],
      providers: [UnitOfWork],
      exports: [TypeOrmModule, UnitOfWork],
    };
  }
}
