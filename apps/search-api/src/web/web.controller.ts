import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '#contracts';
import { contentSecurityPolicy } from '#http';
import { WebAssets, type WebAsset } from './web-assets.js';

/** The shop pages' own policy; the headers every response gets are added by the HTTP layer. */
const PAGE_HEADERS = { 'Content-Security-Policy': contentSecurityPolicy() };

/** The shopper web pages (search, product) and their scripts and styles, from apps/search-api/public. */
@ApiExcludeController()
@Controller()
export class WebController {
  private readonly assets = new WebAssets();

  @Get()
  index(@Req() request: FastifyRequest, @Res() reply: FastifyReply): void {
    this.send(request, reply, 'index.html');
  }

  @Get(['product', 'product.html'])
  product(@Req() request: FastifyRequest, @Res() reply: FastifyReply): void {
    this.send(request, reply, 'product.html');
  }

  @Get('assets/:file')
  asset(@Param('file') file: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): void {
    // Pages are only served at their own routes, with their headers.
    if (file.endsWith('.html')) throw notFound(file);
    this.send(request, reply, file);
  }

  private send(request: FastifyRequest, reply: FastifyReply, name: string): void {
    const asset: WebAsset | undefined = this.assets.get(name);
    if (!asset) throw notFound(name);
    const page = name.endsWith('.html');
    void reply
      .headers(page ? PAGE_HEADERS : {})
      .header('Content-Type', asset.contentType)
      // File names carry no content hash, so clients revalidate (cheap: ETag → 304).
      .header('Cache-Control', page ? 'no-cache' : 'public, max-age=300, must-revalidate')
      .header('ETag', asset.etag);
    if (request.headers['if-none-match'] === asset.etag) {
      void reply.status(304).send();
      return;
    }
    void reply.status(200).send(asset.body);
  }
}

const notFound = (name: string) => new DomainError('NOT_FOUND', `no page or asset named ${name}`);
