import { ArrayMaxSize, IsArray, IsIn, IsISO8601, IsString, Length } from 'class-validator';
import { parseMessage } from '../message-validation.js';

/**
 * index-changes.v1, key = collection. The indexer publishes one after every
 * write to the product index, so search caches can drop what they hold.
 */
export const INDEX_CHANGE_SCHEMA_VERSION = 1 as const;

export class IndexChangeEventV1 {
  @IsIn([INDEX_CHANGE_SCHEMA_VERSION]) schema!: 1;
  @IsString() @Length(1, 200) collection!: string;
  /** Product ids written or deleted in this batch. */
  @IsArray() @ArrayMaxSize(10_000) @IsString({ each: true }) ids!: string[];
  @IsISO8601() occurred_at!: string;
}

export const parseIndexChangeEvent = (value: string): IndexChangeEventV1 =>
  parseMessage(IndexChangeEventV1, value);
