export type ComponentStatus = 'up' | 'down';

export interface ComponentHealth {
  status: ComponentStatus;
  /** Free-form detail for operators: latency, broker count, error message. */
  details?: Record<string, unknown>;
}

/** A dependency that can report its own state (database, broker, model, peer service). */
export interface HealthIndicator {
  readonly name: string;
  check(): Promise<ComponentHealth>;
}

export interface HealthReport {
  status: 'ok' | 'degraded' | 'shutting_down';
  apps: string[];
  uptime_s: number;
  components: Record<string, ComponentHealth>;
}
