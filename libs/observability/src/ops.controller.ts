import { Controller, Get, Header, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { HealthService } from './health.service.js';
import { MetricsRegistry } from './metrics.registry.js';

/** Liveness, readiness (`/health`, also as `/health/ready`) and Prometheus metrics; identical on every app. */
@ApiTags('operations')
@Controller()
export class OpsController {
  constructor(
    private readonly health: HealthService,
    private readonly metrics: MetricsRegistry,
  ) {}

  @Get(['health', 'health/ready'])
  @ApiOkResponse({ description: 'Every component is up' })
  @ApiServiceUnavailableResponse({
    description:
      'A component is down (a dependency, or a consumer group that crashed and waits for its restart), or the process is shutting down',
  })
  async readiness(@Res({ passthrough: true }) reply: FastifyReply) {
    const report = await this.health.report();
    void reply.status(report.status === 'ok' ? 200 : 503);
    return report;
  }

  @Get('health/live')
  @ApiOkResponse({ description: 'The process is alive (no dependency checks)' })
  liveness() {
    return { status: 'alive' };
  }

  @Get('metrics')
  @Header('Cache-Control', 'no-store')
  @ApiOkResponse({ description: 'Prometheus text exposition format' })
  async prometheus(@Res({ passthrough: true }) reply: FastifyReply) {
    void reply.header('Content-Type', this.metrics.contentType);
    return this.metrics.render();
  }
}
