import { Module } from '@nestjs/common';
import { EmbedController } from './embed.controller.js';
import { EmbedService } from './embed.service.js';

/** ECLIP embeddings for text and images over HTTP; the host binds EncoderPort in process. */
@Module({ controllers: [EmbedController], providers: [EmbedService] })
export class EncoderModule {}
