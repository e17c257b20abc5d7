import type { DataSource } from 'typeorm';
import type { ComponentHealth, HealthIndicator } from '#observability';

export class DatabaseHealthIndicator implements HealthIndicator {
  readonly name = 'database';

  constructor(private readonly dataSource: DataSource) {}

  async check(): Promise<ComponentHealth> {
    const started = performance.now();
    await this.dataSource.query('SELECT 1');
    return {
      status: 'up',
      details: { driver: this.dataSource.options.type, latency_ms: Math.round(performance.now() - started) },
    };
  }
}
