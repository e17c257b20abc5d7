import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { ProductViewDto } from '../products/product.dto.js';

/** Values per filter list: enough for any real facet selection, far from a denial of service. */
export const MAX_FILTER_VALUES = 100;

export class PriceRangeDto {
  @ApiPropertyOptional({ example: 10 }) @IsOptional() @IsNumber() @Min(0) gte?: number;
  @ApiPropertyOptional({ example: 50 }) @IsOptional() @IsNumber() @Min(0) lte?: number;
}

export class RatingRangeDto {
  @ApiPropertyOptional({ example: 4 }) @IsOptional() @IsNumber() @Min(0) @Max(5) gte?: number;
}

/** A list of facet values: optional, at most MAX_FILTER_VALUES strings of 1..100 characters. */
const FilterValues = (example: string): PropertyDecorator =>
  applyDecorators(
    ApiPropertyOptional({ type: [String], example: [example], maxItems: MAX_FILTER_VALUES }),
    IsOptional(),
    IsArray(),
    ArrayMaxSize(MAX_FILTER_VALUES),
    IsString({ each: true }),
    Length(1, 100, { each: true }),
  );

export class SearchFiltersDto {
  @FilterValues('dress') category?: string[];
  @FilterValues('red') colour?: string[];
  @FilterValues('Halcyon') brand?: string[];
  @ApiPropertyOptional({ type: PriceRangeDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => PriceRangeDto)
  price?: PriceRangeDto;
  @ApiPropertyOptional({ type: RatingRangeDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => RatingRangeDto)
  rating?: RatingRangeDto;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() in_stock?: boolean;
}

export class SearchWeightsDto {
  @ApiPropertyOptional({ default: 1, description: 'Weight of the text query (vector and lexical)' })
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(10)
  text?: number;
  @ApiPropertyOptional({ default: 1, description: 'Weight of the photo query' })
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(10)
  image?: number;
}

export const SEARCH_LANGS = ['en', 'zh'] as const;
export type SearchLang = (typeof SEARCH_LANGS)[number];

/** A product search: words, a photo, or both; with filters. Neither gives the filtered catalog by rating. */
export class SearchRequestDto {
  @ApiPropertyOptional({ example: 'red dress', maxLength: 1000 })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  q?: string;
  @ApiPropertyOptional({ description: 'Base64 photo (JPEG, PNG, WebP, GIF); a data: URL is accepted' })
  @IsOptional()
  @IsString()
  image?: string;
  @ApiPropertyOptional({ type: SearchFiltersDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => SearchFiltersDto)
  filters?: SearchFiltersDto;
  @ApiPropertyOptional({ type: SearchWeightsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => SearchWeightsDto)
  weights?: SearchWeightsDto;
  @ApiPropertyOptional({ example: 'red', description: 'Push down products that match this text' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  negative?: string;
  @ApiPropertyOptional({ default: 20, minimum: 1, maximum: 100 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
  @ApiPropertyOptional({ description: "The previous page's next_cursor" })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  cursor?: string;
  @ApiPropertyOptional({
    description: 'Drop vector matches whose cosine similarity is below this (-1..1)',
  })
  @IsOptional()
  @IsNumber()
  @Min(-1)
  @Max(1)
  min_score?: number;
  @ApiPropertyOptional({ enum: SEARCH_LANGS, description: 'Default: zh when q has Chinese characters' })
  @IsOptional()
  @IsIn(SEARCH_LANGS)
  lang?: SearchLang;
}

export class ScoreBreakdownDto {
  @ApiProperty({ nullable: true, type: Number, description: 'Best cosine similarity to the query vectors' })
  vector!: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'BM25 (SQLite) or ts_rank (PostgreSQL)' })
  lexical!: number | null;
  @ApiProperty({ description: 'Reciprocal rank fusion of the ranked lists' }) fused!: number;
  @ApiProperty({ description: 'Added for an exact brand match in the query' }) brand_boost!: number;
  @ApiProperty({ description: 'Subtracted for resemblance to `negative`' }) negative_penalty!: number;
}

export class SearchItemDto {
  @ApiProperty() id!: string;
  @ApiProperty({ description: 'The ranking score: fused + brand_boost - negative_penalty' }) score!: number;
  @ApiProperty({ type: ScoreBreakdownDto }) scores!: ScoreBreakdownDto;
  @ApiProperty({ type: ProductViewDto }) product!: ProductViewDto;
}

export class PriceBucketDto {
  @ApiProperty() gte!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'null: no upper bound' }) lt!: number | null;
  @ApiProperty() count!: number;
}

export class FacetsDto {
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, example: { dress: 12 } })
  category!: Record<string, number>;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' } })
  colour!: Record<string, number>;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' } })
  brand!: Record<string, number>;
  @ApiProperty({ type: [PriceBucketDto] }) price!: PriceBucketDto[];
}

export class ModelRefDto {
  @ApiProperty() id!: string;
  @ApiProperty() version!: string;
}

export class SearchResponseDto {
  @ApiProperty({ type: [SearchItemDto] }) items!: SearchItemDto[];
  @ApiProperty({ type: FacetsDto }) facets!: FacetsDto;
  @ApiProperty({ nullable: true, type: String }) next_cursor!: string | null;
  @ApiProperty({ description: 'Ranked results available to page through' }) total!: number;
  @ApiProperty() took_ms!: number;
  @ApiProperty({ type: ModelRefDto }) model!: ModelRefDto;
  @ApiProperty({ enum: SEARCH_LANGS }) lang!: SearchLang;
}

export class SimilarResponseDto {
  @ApiProperty({ type: [SearchItemDto] }) items!: SearchItemDto[];
  @ApiProperty({ type: ModelRefDto }) model!: ModelRefDto;
}
