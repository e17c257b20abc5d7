import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsISO8601, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';

export class AlbumPhotoUploadDto {
  @ApiProperty({ description: 'The photo, base64 (a data: URL prefix is accepted)' })
  @IsString()
  image!: string;

  @ApiPropertyOptional({ example: '2024-05-01T12:00:00Z', description: 'When the photo was taken' })
  @IsOptional()
  @IsISO8601({ strict: true })
  taken_at?: string;
}

export class AlbumPhotoDto {
  @ApiProperty() id!: number;
  @ApiProperty({ example: '/v1/albums/photos/17/image' }) url!: string;
  @ApiProperty() width!: number;
  @ApiProperty() height!: number;
  @ApiProperty({ example: 'image/webp' }) content_type!: string;
  @ApiProperty() sha256!: string;
  @ApiProperty({ nullable: true, type: String }) taken_at!: string | null;
  @ApiProperty() created_at!: string;
  @ApiProperty({ description: 'Embedded by the indexer with the current model: searchable and synced' })
  indexed!: boolean;
}

export class AlbumSearchQueryDto {
  @ApiProperty({ description: 'Words, English or Chinese', example: 'red sneakers' })
  @IsString()
  @Length(1, 1000)
  q!: string;

  @ApiPropertyOptional({ default: 20, minimum: 1, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}

export class AlbumImageSearchDto {
  @ApiProperty({ description: 'The query photo, base64' })
  @IsString()
  image!: string;

  @ApiPropertyOptional({ default: 20, minimum: 1, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}

export class ModelRefDto {
  @ApiProperty({ example: 'eclip-mini' }) id!: string;
  @ApiProperty({ description: 'Content hash of the model files' }) version!: string;
}

export class AlbumSearchHitDto {
  @ApiProperty({
    description:
      "Cosine similarity of the query and the photo plus the photo's hubness bias (≤ 0; the sync `bias`): what results are ranked by",
  })
  score!: number;
  @ApiProperty({ type: AlbumPhotoDto }) photo!: AlbumPhotoDto;
}

export class AlbumSearchResponseDto {
  @ApiProperty({ type: [AlbumSearchHitDto], description: "Best first; only the caller's photos" })
  items!: AlbumSearchHitDto[];
  @ApiProperty({ type: ModelRefDto }) model!: ModelRefDto;
  @ApiProperty() took_ms!: number;
}
