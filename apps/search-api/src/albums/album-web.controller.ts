import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { EncoderConfig } from '#config';
import { DomainError } from '#contracts';
import { contentSecurityPolicy } from '#http';
import { locateModel } from '#embedding';
import { repoRoot } from '#demo-catalog';
import { AlbumAssets, type AlbumAsset } from './album-web.assets.js';

/**
 * Like the shop pages' policy, plus what on-device inference needs:
 * WebAssembly compilation ('wasm-unsafe-eval') and the runtime's loader,
 * which transformers.js imports from a blob: URL.
 */
const CONTENT_SECURITY_POLICY = contentSecurityPolicy({
  script: ["'wasm-unsafe-eval'", 'blob:'],
  worker: ['blob:'],
  connect: ['blob:'],
});

/** The /album demo page: sign in with a user token, sync, then search the album offline in the browser. */
@ApiExcludeController()
@Controller('album')
export class AlbumWebController {
  private readonly assets: AlbumAssets;

  constructor(encoder: EncoderConfig) {
    const location = locateModel(encoder.model, repoRoot());
    this.assets = new AlbumAssets(location.kind === 'local' ? location.dir : '');
  }

  @Get()
  async page(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    this.send(request, reply, await this.assets.page('album.html'), 'album', true);
  }

  @Get('assets/:file')
  async asset(@Param('file') file: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const name = file === 'album.js' || file === 'album.css' ? file : undefined;
    this.send(request, reply, name && (await this.assets.page(name)), file);
  }

  @Get('sdk/:file')
  async sdk(@Param('file') file: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    this.send(request, reply, await this.assets.sdk(file), file);
  }

  @Get('vendor/:file')
  async vendor(@Param('file') file: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    this.send(request, reply, await this.assets.vendor(file), file);
  }

  @Get('models/eclip-mini/*')
  async model(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const path = (request.params as Record<string, string>)['*'] ?? '';
    this.send(request, reply, await this.assets.model(path), path);
  }

  private send(
    request: FastifyRequest,
    reply: FastifyReply,
    asset: AlbumAsset | undefined | '',
    name: string,
    page = false,
  ): void {
    if (!asset) throw new DomainError('NOT_FOUND', `no album asset named ${name.slice(0, 80)}`);
    void reply
      .headers(page ? { 'Content-Security-Policy': CONTENT_SECURITY_POLICY } : {})
      .header('Content-Type', asset.contentType)
      .header('Cache-Control', page ? 'no-cache' : 'public, max-age=300, must-revalidate')
      .header('ETag', asset.etag);
    if (request.headers['if-none-match'] === asset.etag) {
      void reply.status(304).send();
      return;
    }
    void reply.status(200).send(asset.body);
  }
}
