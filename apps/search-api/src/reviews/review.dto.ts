import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';

export class CreateReviewDto {
  @ApiProperty({ example: 'Mia' }) @IsString() @Length(1, 100) author!: string;
  @ApiProperty({ minimum: 1, maximum: 5 }) @IsInt() @Min(1) @Max(5) rating!: number;
  @ApiProperty({ example: 'Fits well, the colour is exactly as shown.' })
  @IsString()
  @Length(1, 5000)
  text!: string;
  @ApiPropertyOptional({ enum: ['en', 'zh'], default: 'en' }) @IsOptional() @IsIn(['en', 'zh']) lang?: string;
  @ApiPropertyOptional({ type: [String], description: 'Up to 5 base64 photos' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5)
  @IsString({ each: true })
  images?: string[];
}

export class ReviewViewDto {
  @ApiProperty() id!: string;
  @ApiProperty() product_id!: string;
  @ApiProperty() author!: string;
  @ApiProperty() rating!: number;
  @ApiProperty() text!: string;
  @ApiProperty() lang!: string;
  @ApiProperty() created_at!: string;
  @ApiProperty({ type: [Number] }) image_ids!: number[];
}
