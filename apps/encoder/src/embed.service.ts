import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { EncoderConfig } from '#config';
import { EncoderPort, type EmbeddingBatch } from '#embedding';
import { readImageUploads } from '#http';
import type { EmbeddingsDto, ModelInfoDto } from './embed.dto.js';

@Injectable()
export class EmbedService {
  constructor(
    private readonly encoder: EncoderPort,
    private readonly config: EncoderConfig,
  ) {}

  async texts(texts: string[]): Promise<EmbeddingsDto> {
    return toDto(await this.encoder.embedTexts(texts));
  }

  async images(request: FastifyRequest): Promise<EmbeddingsDto> {
    const images = await readImageUploads(request, {
      maxFiles: this.config.maxImages,
      maxFileBytes: this.config.imageMaxBytes,
    });
    return toDto(await this.encoder.embedImages(images));
  }

  model(): Promise<ModelInfoDto> {
    return this.encoder.model();
  }
}

const toDto = (batch: EmbeddingBatch): EmbeddingsDto => ({
  model: batch.model,
  vectors: batch.vectors.map((v) => Array.from(v)),
});
