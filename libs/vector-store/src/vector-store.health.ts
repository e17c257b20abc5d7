import type { ComponentHealth, HealthIndicator } from '#observability';
import type { VectorStore } from './vector-store.port.js';

export class VectorStoreHealthIndicator implements HealthIndicator {
  readonly name = 'vector_store';

  constructor(private readonly store: VectorStore) {}

  check(): Promise<ComponentHealth> {
    return this.store.check();
  }
}
