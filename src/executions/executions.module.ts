import { Module } from '@nestjs/common';
import { ExecutionsController } from './executions.controller';
import { ExecutionWriter } from './execution-writer';
import { ExecutionStore } from './execution-store';
import { ExecutionsService } from './executions.service';
import { ExecutionHistoryReader } from './execution-history-reader';

@Module({
  controllers: [ExecutionsController],
  providers: [ExecutionsService, ExecutionWriter, ExecutionStore, ExecutionHistoryReader],
  exports: [ExecutionsService, ExecutionWriter],
})
export class ExecutionsModule {}
