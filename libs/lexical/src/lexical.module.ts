import { Global, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { LexicalIndex } from './lexical-index.port.js';
import { PostgresLexicalIndex } from './postgres-lexical.adapter.js';
import { SqliteLexicalIndex } from './sqlite-lexical.adapter.js';

/** Binds the lexical index to the adapter of the catalog's database. */
@Global()
@Module({
  providers: [
    {
      provide: LexicalIndex,
      inject: [DataSource],
      useFactory: (dataSource: DataSource): LexicalIndex =>
        dataSource.options.type === 'postgres'
          ? new PostgresLexicalIndex(dataSource)
          : new SqliteLexicalIndex(dataSource),
    },
  ],
  exports: [LexicalIndex],
})
export class LexicalModule {}
