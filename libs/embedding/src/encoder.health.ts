import type { ComponentHealth, HealthIndicator } from '#observability';
import type { EncoderPort } from './encoder.port.js';

export class EncoderHealthIndicator implements HealthIndicator {
  readonly name = 'encoder';

  constructor(private readonly encoder: EncoderPort) {}

  check(): Promise<ComponentHealth> {
    return this.encoder.check();
  }
}
