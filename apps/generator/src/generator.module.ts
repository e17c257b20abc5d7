import { Module } from '@nestjs/common';
import { GenerateController } from './generate.controller.js';
import { GeneratorService } from './generator.service.js';

/** The visual-tokenizer multimodal LLM: describes product photos (plans and answers build on `generate`). */
@Module({
  controllers: [GenerateController],
  providers: [GeneratorService],
  exports: [GeneratorService],
})
export class GeneratorModule {}
