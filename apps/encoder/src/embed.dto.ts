import { ApiProperty } from '@nestjs/swagger';
import { ArrayNotEmpty, IsArray, IsString } from 'class-validator';

export class EmbedTextDto {
  @ApiProperty({
    type: [String],
    example: ['red dress', '红色连衣裙'],
    description: 'Texts to embed (limits: ENCODER_MAX_TEXTS per request, ENCODER_MAX_TEXT_CHARS each)',
  })
  @IsArray()
  @ArrayNotEmpty()
  @IsString({ each: true })
  texts!: string[];
}

export class EmbedImageJsonDto {
  @ApiProperty({
    type: [String],
    description: 'Base64 images (JPEG, PNG, WebP, GIF first frame); data: URLs accepted',
  })
  images!: string[];
}

export class ModelInfoDto {
  @ApiProperty({ example: 'eclip-mini' }) id!: string;
  @ApiProperty({
    example: '3f2a9c1b7d4e',
    description: 'Content hash of the model files, or the hub revision',
  })
  version!: string;
  @ApiProperty({ example: 128 }) dim!: number;
}

export class EmbeddingsDto {
  @ApiProperty({ type: ModelInfoDto }) model!: ModelInfoDto;
  @ApiProperty({
    type: 'array',
    items: { type: 'array', items: { type: 'number' } },
    description: 'L2-normalised float32 vectors, one per input, in input order',
  })
  vectors!: number[][];
}
