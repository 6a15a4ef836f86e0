import { Global, Module } from '@nestjs/common';
import { AllowedHosts } from './allowed-hosts';
import { AtlassianHttpFactory } from './atlassian-http.factory';

@Global()
@Module({
  providers: [AllowedHosts, AtlassianHttpFactory],
  exports: [AllowedHosts, AtlassianHttpFactory],
})
export class AtlassianModule {}
