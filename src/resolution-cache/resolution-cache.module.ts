import { Global, Module } from '@nestjs/common';
import { ResolutionCache } from './resolution-cache';

/** Global, so that every module that writes aliases, connections or credentials can invalidate. */
@Global()
@Module({
  providers: [ResolutionCache],
  exports: [ResolutionCache],
})
export class ResolutionCacheModule {}
