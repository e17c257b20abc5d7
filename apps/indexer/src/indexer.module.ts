import { Module } from '@nestjs/common';

/** Kafka consumers that keep the vector store in step with the catalog (consumers arrive with the indexing issue). */
@Module({})
export class IndexerModule {}
