import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsObject, IsOptional, IsString, Length, Max, MaxLength, Min } from 'class-validator';

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

export class TimingsDto {
  @ApiProperty() first_token_ms!: number;
  @ApiProperty() total_ms!: number;
  @ApiProperty() new_tokens!: number;
  @ApiProperty({ description: 'Stopped early by the timeout or the token cap' }) interrupted!: boolean;
  @ApiProperty({ description: "Steps where constrained decoding overruled the model's first choice" })
  constrained_steps!: number;
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

export class CompleteRequestDto {
  @ApiProperty({ description: "The user's turn", maxLength: 4000 })
  @IsString()
  @Length(1, 4000)
  text!: string;

  @ApiPropertyOptional({ description: 'A photo, base64 (a data: URL is accepted); it goes before the text' })
  @IsOptional()
  @IsString()
  @MaxLength(15_000_000)
  image?: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description:
      'Constrained decoding: {kind:"plan", categories, colours, brands, numbers} or {kind:"citations", products: [{id, title, price}], numbers}',
  })
  @IsOptional()
  @IsObject()
  constraint?: Record<string, unknown>;

  @ApiPropertyOptional({ minimum: 1, maximum: 2048, description: 'At most GENERATOR_MAX_NEW_TOKENS' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(2048)
  max_new_tokens?: number;
}

export class CompletionDto {
  @ApiProperty() text!: string;
  @ApiProperty({ type: GeneratorModelDto }) model!: GeneratorModelDto;
  @ApiProperty({ type: TimingsDto }) timings!: TimingsDto;
}
