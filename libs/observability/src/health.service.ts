import { Injectable } from '@nestjs/common';
import type { ComponentHealth, HealthIndicator, HealthReport } from './health.types.js';
import { orAfter } from './or-after.js';

const CHECK_TIMEOUT_MS = 3_000;

/**
 * Collects the health indicators that modules register at init and runs them
 * in parallel, each under a timeout so one hung dependency cannot hang /health.
 */
@Injectable()
export class HealthService {
  private readonly indicators = new Map<string, HealthIndicator>();
  private readonly apps = new Set<string>();
  private shuttingDown = false;

  register(indicator: HealthIndicator): void {
    this.indicators.set(indicator.name, indicator);
  }

  registerApp(name: string): void {
    this.apps.add(name);
  }

  markShuttingDown(): void {
    this.shuttingDown = true;
  }

  get isShuttingDown(): boolean {
    return this.shuttingDown;
  }

  async report(): Promise<HealthReport> {
    const entries = await Promise.all(
      [...this.indicators.values()].map(async (i) => [i.name, await checkWithTimeout(i)] as const),
    );
    const components = Object.fromEntries(entries);
    const allUp = entries.every(([, h]) => h.status === 'up');
    return {
      status: this.shuttingDown ? 'shutting_down' : allUp ? 'ok' : 'degraded',
      apps: [...this.apps].sort(),
      uptime_s: Math.round(process.uptime()),
      components,
    };
  }
}

async function checkWithTimeout(indicator: HealthIndicator): Promise<ComponentHealth> {
  try {
    return await orAfter(indicator.check(), CHECK_TIMEOUT_MS, {
      status: 'down',
      details: { error: `no answer within ${CHECK_TIMEOUT_MS} ms` },
    } satisfies ComponentHealth);
  } catch (error) {
    return { status: 'down', details: { error: (error as Error).message } };
  }
}
