import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import type { SyncCodebook, SyncDelete, SyncModel, SyncPage, SyncUpsert } from '#album-sync-client';

export class SyncQueryDto {
  @ApiPropertyOptional({ description: "The previous response's next_cursor; omit for a first (full) sync" })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  cursor?: string;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: 5000,
    description: 'Changes per page (capped by ALBUM_SYNC_PAGE)',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(5000)
  limit?: number;
}

export class SyncModelDto implements SyncModel {
  @ApiProperty({ example: 'eclip-mini' }) id!: string;
  @ApiProperty() version!: string;
  @ApiProperty({ example: 128 }) dim!: number;
  @ApiProperty({
    description: 'Version of the codebook the vectors are residuals from',
    example: 'k256-3f9c0a1b2c4d',
  })
  codebook!: string;
}

export class SyncCentroidDto {
  @ApiProperty({ description: 'Base64 of dim int8 values (two’s complement)' }) vector!: string;
  @ApiProperty({ description: 'value × scale = the centroid' }) scale!: number;
}

export class SyncCodebookDto implements SyncCodebook {
  @ApiProperty() version!: string;
  @ApiProperty({ example: 128 }) dim!: number;
  @ApiProperty({ type: [SyncCentroidDto], description: 'In centroid-number order' })
  centroids!: SyncCentroidDto[];
}

export class SyncUpsertDto implements SyncUpsert {
  @ApiProperty() id!: number;
  @ApiProperty({ description: 'Change sequence number' }) seq!: number;
  @ApiProperty({ description: 'Number of the centroid (in the codebook) the vector is a residual from' })
  centroid!: number;
  @ApiProperty({ description: 'Base64 of dim int8 values (two’s complement)' }) vector!: string;
  @ApiProperty({ description: 'centroid + value × scale ≈ the unit image vector' }) scale!: number;
  @ApiProperty({
    description:
      'Added to query·photo when ranking: −0.5 × the mean cosine of the photo to its 10 nearest phrases of the query bank (hubness correction, CSLS; README "Album ranking")',
  })
  bias!: number;
  @ApiProperty() width!: number;
  @ApiProperty() height!: number;
  @ApiProperty() content_type!: string;
  @ApiProperty() sha256!: string;
  @ApiProperty({ nullable: true, type: String }) taken_at!: string | null;
  @ApiProperty() created_at!: string;
}

export class SyncDeleteDto implements SyncDelete {
  @ApiProperty() id!: number;
  @ApiProperty() seq!: number;
}

export class SyncPageDto implements SyncPage {
  @ApiProperty({ type: SyncModelDto }) model!: SyncModelDto;
  @ApiProperty({ description: 'Drop the local index before applying this page (first sync, or a new model)' })
  reset!: boolean;
  @ApiPropertyOptional({
    type: SyncCodebookDto,
    description: 'On every reset page: the centroids; keep it with the index',
  })
  codebook?: SyncCodebookDto;
  @ApiProperty({ type: [SyncUpsertDto] }) upserts!: SyncUpsertDto[];
  @ApiProperty({ type: [SyncDeleteDto], description: 'Tombstones of deleted photos' })
  deletes!: SyncDeleteDto[];
  @ApiProperty({ description: 'Opaque; pass as cursor next time' }) next_cursor!: string;
  @ApiProperty({ description: 'More changes are waiting: ask again now' }) has_more!: boolean;
}
