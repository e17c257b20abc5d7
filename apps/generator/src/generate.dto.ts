import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export class DescribeRequestDto {
  @ApiProperty({ description: 'The photo, base64 (a data: URL is accepted)' })
  @IsString()
  @MaxLength(15_000_000)
  image!: string;

  @ApiPropertyOptional({ enum: ['en', 'zh'], default: 'en' }) @IsOptional() @IsIn(['en', 'zh']) lang?:
    'en' | 'zh';

  @ApiPropertyOptional({ minimum: 1, maximum: 2048, description: 'At most GENERATOR_MAX_NEW_TOKENS' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(2048)
  max_new_tokens?: number;
}

export class StreamQueryDto {
  @ApiPropertyOptional({
    enum: ['true', 'false'],
    default: 'false',
    description: 'true: Server-Sent Events, `token` events with text pieces, then `done` with the result',
  })
  @IsOptional()
  @IsIn(['true', 'false'])
  stream?: 'true' | 'false';
}

export class TimingsDto {
  @ApiProperty() first_token_ms!: number;
  @ApiProperty() total_ms!: number;
  @ApiProperty() new_tokens!: number;
  @ApiProperty({ description: 'Stopped early by the timeout or the token cap' }) interrupted!: boolean;
}

export class GeneratorModelDto {
  @ApiProperty() id!: string;
  @ApiProperty() version!: string;
}

export class DescribeResponseDto {
  @ApiProperty({ example: 'Red Dress' }) title!: string;
  @ApiProperty({ example: 'A red dress with a relaxed fit.' }) description!: string;
  @ApiProperty({ description: "The model's whole output" }) text!: string;
  @ApiProperty({ type: GeneratorModelDto }) model!: GeneratorModelDto;
  @ApiProperty({ type: TimingsDto }) timings!: TimingsDto;
}
