import { Module } from '@nestjs/common';

/** Visual-tokenizer multimodal LLM (routes arrive with the generator issue). */
@Module({})
export class GeneratorModule {}
