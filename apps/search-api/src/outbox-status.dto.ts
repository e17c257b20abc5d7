import { ApiProperty } from '@nestjs/swagger';

export class OutboxStatusDto {
  @ApiProperty({ description: 'Outbox rows not yet published', example: 0 })
  pending!: number;

  @ApiProperty({ enum: ['kafka', 'in-process'] })
  bus!: 'kafka' | 'in-process';
}
