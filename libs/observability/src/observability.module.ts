import { Global, Module } from '@nestjs/common';
import { HealthService } from './health.service.js';
import { MetricsRegistry } from './metrics.registry.js';
import { OpsController } from './ops.controller.js';

/** Health, metrics and their routes; imported once per process by the host. */
@Global()
@Module({
  controllers: [OpsController],
  providers: [HealthService, MetricsRegistry],
  exports: [HealthService, MetricsRegistry],
})
export class ObservabilityModule {}
