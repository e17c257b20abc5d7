import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

export class CreateUserDto {
  @ApiProperty({ example: 'Mia', minLength: 1, maxLength: 100 }) @IsString() @Length(1, 100) name!: string;
}

export class CreatedUserDto {
  @ApiProperty({ example: 'u-3f1c…' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'The bearer token for album routes. Shown only now: only its hash is kept.' })
  token!: string;
  @ApiProperty() created_at!: string;
}
