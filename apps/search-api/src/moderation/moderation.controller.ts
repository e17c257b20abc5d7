import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { AdminOnly } from '#http';
import {
  CalibrationReportDto,
  ModerationListQueryDto,
  ModerationPageDto,
  ModerationPhotoDto,
  OverrideDto,
} from '../reviews/review-photo.dto.js';
import { CalibrationService } from './calibration.service.js';
import { ModerationService } from './moderation.service.js';

@ApiTags('moderation')
@AdminOnly()
@Controller('v1/moderation/review-photos')
export class ModerationController {
  constructor(
    private readonly moderation: ModerationService,
    private readonly calibration: CalibrationService,
  ) {}

  @Get()
  @ApiOkResponse({ type: ModerationPageDto, description: 'Review photos by verdict, oldest first' })
  @ApiUnprocessableEntityResponse({ description: 'Invalid verdict, limit or cursor' })
  list(@Query() query: ModerationListQueryDto): Promise<ModerationPageDto> {
    return this.moderation.list(query);
  }

  @Post('calibration')
  @HttpCode(200)
  @ApiOkResponse({
    type: CalibrationReportDto,
    description: "Refits each category's calibration from overrides; affected verdicts update shortly after",
  })
  @ApiConflictResponse({ description: 'The encoder model has no relevance head to calibrate' })
  recalibrate(): Promise<CalibrationReportDto> {
    return this.calibration.recalibrate();
  }

  @Post(':id')
  @HttpCode(200)
  @ApiOkResponse({
    type: ModerationPhotoDto,
    description: 'Override stored; it wins over the model from now on',
  })
  @ApiNotFoundResponse({ description: 'No such review photo' })
  @ApiUnprocessableEntityResponse({ description: 'verdict must be relevant or irrelevant' })
  override(@Param('id', ParseIntPipe) id: number, @Body() body: OverrideDto): Promise<ModerationPhotoDto> {
    return this.moderation.override(id, body);
  }
}
