import { Module } from '@nestjs/common';
import { ConnectionsModule } from '../connections/connections.module';
import { CredentialsModule } from '../credentials/credentials.module';
import { AliasResolverService } from './alias-resolver.service';
import { AliasesController } from './aliases.controller';
import { AliasesService } from './aliases.service';

@Module({
  imports: [ConnectionsModule, CredentialsModule],
  controllers: [AliasesController],
  providers: [AliasesService, AliasResolverService],
  exports: [AliasResolverService, AliasesService],
})
export class AliasesModule {}
