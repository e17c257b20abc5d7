import { Module } from '@nestjs/common';

/** ECLIP embeddings for text and images (routes arrive with the encoder issue). */
@Module({})
export class EncoderModule {}
