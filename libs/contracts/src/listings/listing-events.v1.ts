import { Type } from 'class-transformer';
import {
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsNumber,
  IsString,
  Length,
  Min,
  ValidateNested,
  ArrayMaxSize,
  IsOptional,
} from 'class-validator';

/** listings.v1, key = product id. Consumers must validate with parseListingEvent. */
export const LISTING_SCHEMA_VERSION = 1;

export class LocalisedTextV1 {
  @IsString() en!: string;
  @IsString() zh!: string;
}

export class ListingImageRefV1 {
  /** product_images.id: the indexer loads the bytes from the catalog. */
  @IsInt() @Min(1) id!: number;
  @IsInt() @Min(0) position!: number;
  @IsString() @Length(64, 64) sha256!: string;
}

export class ListingSnapshotV1 {
  @ValidateNested() @Type(() => LocalisedTextV1) title!: LocalisedTextV1;
  @ValidateNested() @Type(() => LocalisedTextV1) description!: LocalisedTextV1;
  @IsString() category!: string;
  @IsString() colour!: string;
  @IsString() brand!: string;
  @IsNumber() @Min(0) price!: number;
  @IsString() @Length(3, 3) currency!: string;
  @IsNumber() rating!: number;
  @IsInt() @Min(0) stock!: number;
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => ListingImageRefV1)
  images!: ListingImageRefV1[];
}

export class ListingEventV1 {
  @IsIn(['listing.upserted', 'listing.deleted']) type!: 'listing.upserted' | 'listing.deleted';
  @IsIn([LISTING_SCHEMA_VERSION]) schema!: 1;
  @IsString() @Length(1, 64) id!: string;
  /** Grows with every write to the product; a consumer ignores anything older than what it has. */
  @IsInt() @Min(1) version!: number;
  @IsISO8601() occurred_at!: string;
  /** Present on listing.upserted only. */
  @IsOptional() @ValidateNested() @Type(() => ListingSnapshotV1) product?: ListingSnapshotV1;
}
