import { Module } from '@nestjs/common';
import { ExecutionsController } from './executions.controller';
import { ExecutionWriter } from './execution-writer';
import { ExecutionsService } from './executions.service';

@Module({
  controllers: [ExecutionsController],
  providers: [ExecutionsService, ExecutionWriter],
  exports: [ExecutionsService],
})
export class ExecutionsModule {}
