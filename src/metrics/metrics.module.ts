import { Global, Module } from '@nestjs/common';
import { ExecutionsModule } from '../executions/executions.module';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';

/** `GET /api/metrics`; global so that the services that count things can inject MetricsService. */
@Global()
@Module({
  imports: [ExecutionsModule],
  controllers: [MetricsController],
  providers: [MetricsService],
  exports: [MetricsService],
})
export class MetricsModule {}
