import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { REASON_CODES, VERDICTS } from '#review-relevance';
import { ProductViewDto } from '../products/product.dto.js';

export class ReviewPhotoViewDto {
  @ApiProperty() id!: number;
  @ApiProperty({ example: '/v1/review-photos/17' }) url!: string;
  @ApiProperty() width!: number;
  @ApiProperty() height!: number;
  @ApiProperty({ enum: VERDICTS, nullable: true, description: 'null until the indexer has scored the photo' })
  verdict!: string | null;
  @ApiProperty({ nullable: true, description: 'Calibrated probability that the photo shows the product' })
  relevance!: number | null;
  @ApiProperty({ enum: REASON_CODES, isArray: true }) reasons!: string[];
  @ApiProperty({ description: 'Irrelevant: listed only with include_hidden=true' }) hidden!: boolean;
  @ApiProperty({ description: 'A moderator decided the verdict' }) overridden!: boolean;
}

export class ProductReviewDto {
  @ApiProperty() id!: string;
  @ApiProperty() author!: string;
  @ApiProperty() rating!: number;
  @ApiProperty() lang!: string;
  @ApiProperty() text!: string;
  @ApiProperty() created_at!: string;
  @ApiProperty({ description: 'Photos of this review hidden as irrelevant' }) hidden_photos!: number;
  @ApiProperty({ type: [ReviewPhotoViewDto], description: 'Best first' }) photos!: ReviewPhotoViewDto[];
}

export class ProductDetailDto extends ProductViewDto {
  @ApiProperty() review_count!: number;
  @ApiProperty({ type: [ProductReviewDto], description: 'Newest first, at most 20' })
  reviews!: ProductReviewDto[];
}

export class ProductDetailQueryDto {
  @ApiPropertyOptional({
    enum: ['true', 'false'],
    default: 'false',
    description: 'Also list hidden review photos',
  })
  @IsOptional()
  @IsIn(['true', 'false'])
  include_hidden?: 'true' | 'false';
}

export class ModerationListQueryDto {
  @ApiPropertyOptional({
    enum: VERDICTS,
    default: 'needs_review',
    description:
      'needs_review: the open queue (model unsure, no moderator yet); relevant / irrelevant: by the verdict shoppers see',
  })
  @IsOptional()
  @IsIn(VERDICTS)
  verdict?: (typeof VERDICTS)[number];

  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional({ description: 'Cursor: the next_after of the previous page' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  after?: number;
}

export class OverrideDto {
  @ApiProperty({ enum: ['relevant', 'irrelevant'] }) @IsIn(['relevant', 'irrelevant']) verdict!:
    'relevant' | 'irrelevant';
  @ApiPropertyOptional({ maxLength: 500 }) @IsOptional() @IsString() @MaxLength(500) note?: string;
}

export class OverrideViewDto {
  @ApiProperty({ enum: ['relevant', 'irrelevant'] }) verdict!: string;
  @ApiProperty({ nullable: true }) note!: string | null;
  @ApiProperty() at!: string;
}

export class ModerationPhotoDto {
  @ApiProperty() id!: number;
  @ApiProperty() url!: string;
  @ApiProperty() review_id!: string;
  @ApiProperty() product_id!: string;
  @ApiProperty({ enum: VERDICTS, nullable: true, description: 'What shoppers see' }) verdict!: string | null;
  @ApiProperty({ enum: VERDICTS, nullable: true, description: "The model's own verdict" })
  model_verdict!: string | null;
  @ApiProperty({ nullable: true }) relevance!: number | null;
  @ApiProperty({ enum: REASON_CODES, isArray: true }) reasons!: string[];
  @ApiProperty({
    nullable: true,
    description: 'image_similarity, text_similarity, logit, pixel_std, width, height, duplicate_of',
  })
  scores!: Record<string, unknown> | null;
  @ApiProperty({ type: OverrideViewDto, nullable: true }) override!: OverrideViewDto | null;
  @ApiProperty({ nullable: true }) scored_at!: string | null;
}

export class ModerationPageDto {
  @ApiProperty({ type: [ModerationPhotoDto] }) items!: ModerationPhotoDto[];
  @ApiPropertyOptional({ description: 'Pass as `after` for the next page; absent on the last' })
  next_after?: number;
}

export class PlattScaleDto {
  @ApiProperty() a!: number;
  @ApiProperty() b!: number;
}

export class CategoryCalibrationDto {
  @ApiProperty() category!: string;
  @ApiProperty({ description: 'Moderator labels the refit used' }) labels!: number;
  @ApiProperty({ type: PlattScaleDto }) before!: PlattScaleDto;
  @ApiProperty({ type: PlattScaleDto }) after!: PlattScaleDto;
}

export class CalibrationReportDto {
  @ApiProperty({ description: 'Model and relevance head the calibration belongs to' }) head_key!: string;
  @ApiProperty({ type: [CategoryCalibrationDto], description: 'Categories with enough labels to refit' })
  refitted!: CategoryCalibrationDto[];
  @ApiProperty({ type: [String], description: 'Categories left as they were (too few labels)' })
  unchanged!: string[];
  @ApiProperty({ description: 'Reviews queued for the indexer to re-apply verdicts' })
  reviews_queued!: number;
}
