import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Max, MaxLength, Min } from 'class-validator';
import { SearchItemDto } from '../search/search.dto.js';

export class AskRequestDto {
  @ApiProperty({ example: 'like this but in blue, under 30', maxLength: 1000 })
  @IsString()
  @Length(1, 1000)
  text!: string;

  @ApiPropertyOptional({
    description: 'A photo, base64 (a data: URL is accepted): the "this" of the request',
  })
  @IsOptional()
  @IsString()
  @MaxLength(15_000_000)
  image?: string;

  @ApiPropertyOptional({
    enum: ['en', 'zh'],
    description: 'Default: zh when the text has Chinese characters',
  })
  @IsOptional()
  @IsIn(['en', 'zh'])
  lang?: 'en' | 'zh';

  @ApiPropertyOptional({ default: 10, minimum: 1, maximum: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(50)
  limit?: number;
}

export class PriceBoundsDto {
  @ApiPropertyOptional() gte?: number;
  @ApiPropertyOptional() lte?: number;
}

export class PlanFiltersDto {
  @ApiPropertyOptional({ type: [String] }) category?: string[];
  @ApiPropertyOptional({ type: [String] }) colour?: string[];
  @ApiPropertyOptional({ type: [String] }) brand?: string[];
  @ApiPropertyOptional({ type: PriceBoundsDto }) price?: PriceBoundsDto;
  @ApiPropertyOptional() in_stock?: boolean;
}

export class SearchPlanDto {
  @ApiProperty({ example: 'blue dress' }) query!: string;
  @ApiProperty({ type: PlanFiltersDto }) filters!: PlanFiltersDto;
  @ApiProperty({ nullable: true, type: String, description: 'What the shopper does not want' })
  negative!: string | null;
}

export class FallbackDto {
  @ApiProperty() reason!: string;
}

export class SeenDto {
  @ApiProperty() id!: string;
  @ApiProperty() title!: string;
}

export class AskTimingsDto {
  @ApiProperty() plan_ms!: number;
  @ApiProperty() search_ms!: number;
  @ApiProperty() answer_ms!: number;
  @ApiProperty() total_ms!: number;
}

export class AskModelDto {
  @ApiProperty({
    nullable: true,
    type: Object,
    description: 'id and version; null when the generator was unreachable',
  })
  generator!: { id: string; version: string } | null;
}

export class AskResponseDto {
  @ApiProperty({ type: SearchPlanDto, nullable: true }) plan!: SearchPlanDto | null;
  @ApiProperty({
    enum: ['model', 'repaired', 'fallback'],
    description:
      'model: valid as generated; repaired: mended; fallback: plain semantic search (see fallback)',
  })
  plan_source!: 'model' | 'repaired' | 'fallback';
  @ApiProperty({ description: 'What the model wrote for the plan' }) plan_text!: string;
  @ApiProperty({ type: [String] }) repairs!: string[];
  @ApiProperty({ type: FallbackDto, nullable: true }) fallback!: FallbackDto | null;
  @ApiProperty({ type: SeenDto, nullable: true, description: 'The catalog product nearest to the photo' })
  seen!: SeenDto | null;
  @ApiProperty({ type: [SearchItemDto] }) results!: SearchItemDto[];
  @ApiProperty({ description: 'Grounded in the results; cites their ids in [brackets]' }) answer!: string;
  @ApiProperty({ enum: ['model', 'template'] }) answer_source!: 'model' | 'template';
  @ApiProperty({ type: [String], description: 'Ids the answer cites; always among the results' })
  cited_ids!: string[];
  @ApiProperty({ type: AskModelDto }) model!: AskModelDto;
  @ApiProperty({ type: AskTimingsDto }) timings!: AskTimingsDto;
}
