import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Length,
  ValidateBy,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { vocabulary } from '#demo-catalog';

/**
 * At most two decimal places. (class-validator's `maxDecimalPlaces` reads the
 * digits after a "." in the number's text and throws a TypeError, a 500, for
 * a number JavaScript writes with an exponent, such as 1e-7.)
 */
function AtMostCents(): PropertyDecorator {
  return ValidateBy({
    name: 'atMostCents',
    validator: {
      validate: (value: unknown) =>
        typeof value === 'number' &&
        Number.isFinite(value) &&
        Math.abs(value * 100 - Math.round(value * 100)) < 1e-6,
      defaultMessage: () => '$property must have at most 2 decimal places',
    },
  });
}

const CATEGORIES = vocabulary().categories.map((c) => c.id);
const COLOURS = vocabulary().colours.map((c) => c.id);

export class LocalisedTextDto {
  @ApiProperty({ example: 'Halcyon Red Dress' }) @IsString() @Length(1, 300) en!: string;
  @ApiProperty({ example: 'Halcyon 红色连衣裙' }) @IsString() @Length(1, 300) zh!: string;
}

export class LocalisedLongTextDto {
  @ApiProperty() @IsString() @MaxLength(5000) en!: string;
  @ApiProperty() @IsString() @MaxLength(5000) zh!: string;
}

/** A listing as a seller writes it. Images are base64 (JPEG, PNG, WebP, GIF); the first is the main photo. */
export class ProductInputDto {
  @ApiProperty({ type: LocalisedTextDto })
  @ValidateNested()
  @Type(() => LocalisedTextDto)
  title!: LocalisedTextDto;
  @ApiProperty({ type: LocalisedLongTextDto })
  @ValidateNested()
  @Type(() => LocalisedLongTextDto)
  description!: LocalisedLongTextDto;
  @ApiProperty({ enum: CATEGORIES }) @IsIn(CATEGORIES) category!: string;
  @ApiProperty({ enum: COLOURS }) @IsIn(COLOURS) colour!: string;
  @ApiProperty({ example: 'Halcyon' }) @IsString() @Length(1, 100) brand!: string;
  @ApiProperty({ example: 49.99 }) @IsNumber() @AtMostCents() @Min(0) @Max(1_000_000) price!: number;
  @ApiPropertyOptional({ example: 'EUR', default: 'EUR' })
  @IsOptional()
  @Matches(/^[A-Z]{3}$/)
  currency?: string;
  @ApiPropertyOptional({ example: 4.5, default: 0 })
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(5)
  rating?: number;
  @ApiProperty({ example: 10 }) @IsInt() @Min(0) @Max(1_000_000) stock!: number;
  @ApiProperty({ type: [String], description: 'Base64 images, 1 to 10; data: URLs accepted' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @IsString({ each: true })
  images!: string[];
}

export class CreateProductDto extends ProductInputDto {
  @ApiPropertyOptional({ description: 'Your own id (letters, digits, - _ .); generated when absent' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9._-]{1,64}$/)
  id?: string;
}

export class ProductImageViewDto {
  @ApiProperty() id!: number;
  @ApiProperty() url!: string;
  @ApiProperty() width!: number;
  @ApiProperty() height!: number;
}

export class ProductViewDto {
  @ApiProperty() id!: string;
  @ApiProperty({ type: LocalisedTextDto }) title!: LocalisedTextDto;
  @ApiProperty({ type: LocalisedLongTextDto }) description!: LocalisedLongTextDto;
  @ApiProperty() category!: string;
  @ApiProperty() colour!: string;
  @ApiProperty() brand!: string;
  @ApiProperty() price!: number;
  @ApiProperty() currency!: string;
  @ApiProperty() rating!: number;
  @ApiProperty() stock!: number;
  @ApiProperty() in_stock!: boolean;
  @ApiProperty({ description: 'Grows by one on every write' }) version!: number;
  @ApiProperty() updated_at!: string;
  @ApiProperty({ type: [ProductImageViewDto] }) images!: ProductImageViewDto[];
}
