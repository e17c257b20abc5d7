import { OutboxMessageEntity } from '#messaging';
import { CreateOutbox1764300000000 } from './migrations/1764300000000-create-outbox.js';
import type { SchemaParts } from './data-source.options.js';

/** The whole relational schema: every entity and every migration, in order. */
export const SCHEMA: SchemaParts = {
  entities: [OutboxMessageEntity],
  migrations: [CreateOutbox1764300000000],
};
