import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { DataSource, type EntityManager } from 'typeorm';
import { ProductEntity, ProductImageEntity } from '#catalog';
import { EncoderConfig } from '#config';
import { Transactions, isDuplicateKey } from '#database';
import { DomainError, Topics } from '#contracts';
import { ImageDecoder } from '#embedding';
import { LexicalIndex, productTerms } from '#lexical';
import { OutboxService } from '#messaging';
import type { CreateProductDto, ProductInputDto, ProductViewDto } from './product.dto.js';
import { prepareImages, type PreparedImage } from './product-images.js';
import { readProductInput } from './product-input.reader.js';
import { toListingEvent, toProductView } from './product.mapper.js';
import { ProductReviewsReader } from '../reviews/product-reviews.reader.js';
import type { ProductDetailDto } from '../reviews/review-photo.dto.js';

/**
 * Catalog writes. Each accepted write stores its rows and a listings.v1 event
 * in the outbox in one transaction, so the index can never miss a change.
 */
@Injectable()
export class ProductsService {
  private readonly decoder: ImageDecoder;
  private readonly imageMaxBytes: number;

  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
    private readonly outbox: OutboxService,
    private readonly lexical: LexicalIndex,
    private readonly reviews: ProductReviewsReader,
    encoder: EncoderConfig,
  ) {
    this.decoder = new ImageDecoder({ maxBytes: encoder.imageMaxBytes, maxPixels: encoder.imageMaxPixels });
    this.imageMaxBytes = encoder.imageMaxBytes;
  }

  /** The listing from a JSON or multipart request, validated against `dto`. */
  readInput<T extends object>(request: FastifyRequest, dto: new () => T): Promise<T> {
    return readProductInput(request, dto, this.imageMaxBytes);
  }

  async create(input: CreateProductDto): Promise<ProductViewDto> {
    const images = await prepareImages(input.images, this.decoder);
    const id = input.id ?? `p-${randomUUID()}`;
    // The primary key decides, so two concurrent creates of one id cannot both win.
    const product = await this.transactions
      .run((m) => this.write(m, id, input, images, 1))
      .catch((error: unknown) => {
        if (isDuplicateKey(error)) {
          throw new DomainError('CONFLICT', `product ${id} already exists; use PUT to change it`);
        }
        throw error;
      });
    this.outbox.wake();
    return toProductView(product);
  }

  async replace(id: string, input: ProductInputDto): Promise<ProductViewDto> {
    const images = await prepareImages(input.images, this.decoder);
    const product = await this.transactions.run(async (m) => {
      const current = await m.findOne(ProductEntity, { where: { id }, select: { id: true, version: true } });
      if (!current) throw notFound(id);
      await m.delete(ProductImageEntity, { productId: id });
      return this.write(m, id, input, images, current.version + 1);
    });
    this.outbox.wake();
    return toProductView(product);
  }

  async remove(id: string): Promise<void> {
    await this.transactions.run(async (m) => {
      const current = await m.findOne(ProductEntity, { where: { id }, select: { id: true, version: true } });
      if (!current) throw notFound(id);
      await m.delete(ProductEntity, { id });
      const event = toListingEvent({ id, version: current.version + 1 }, true);
      await this.outbox.enqueue(m, [{ topic: Topics.listings, key: id, value: JSON.stringify(event) }]);
    });
    this.outbox.wake();
  }

  async get(id: string): Promise<ProductViewDto> {
    const product = await this.dataSource.getRepository(ProductEntity).findOne({
      where: { id },
      relations: { images: true },
      relationLoadStrategy: 'query',
      select: { images: { id: true, position: true, width: true, height: true, productId: true } },
    });
    if (!product) throw notFound(id);
    return toProductView(product);
  }

  /** The listing as the product page shows it: with its newest reviews and their photos. */
  async detail(id: string, includeHidden: boolean): Promise<ProductDetailDto> {
    const product = await this.get(id);
    return { ...product, ...(await this.reviews.forProduct(id, includeHidden)) };
  }

  async image(
    productId: string,
    imageId: number,
  ): Promise<{ contentType: string; bytes: Buffer; sha256: string }> {
    const image = await this.dataSource
      .getRepository(ProductImageEntity)
      .findOneBy({ id: imageId, productId });
    if (!image) throw new DomainError('NOT_FOUND', `product ${productId} has no image ${imageId}`);
    return {
      contentType: image.contentType,
      bytes: Buffer.from(image.dataBase64, 'base64'),
      sha256: image.sha256,
    };
  }

  async exists(id: string): Promise<boolean> {
    return this.dataSource.getRepository(ProductEntity).existsBy({ id });
  }

  /**
   * Plain INSERT/UPDATE statements rather than `save()`: save re-reads each
   * row to choose between insert and update, which cost more than the whole
   * write on the bulk-import and indexing-throughput paths.
   */
  private async write(
    m: EntityManager,
    id: string,
    input: ProductInputDto,
    images: PreparedImage[],
    version: number,
  ): Promise<ProductEntity> {
    const now = new Date();
    const row = {
      titleEn: input.title.en,
      titleZh: input.title.zh,
      descriptionEn: input.description.en,
      descriptionZh: input.description.zh,
      category: input.category,
      colour: input.colour,
      brand: input.brand,
      priceCents: Math.round(input.price * 100),
      currency: input.currency ?? 'EUR',
      rating: input.rating ?? 0,
      stock: input.stock,
      version,
      updatedAt: now,
    };
    if (version === 1) {
      // Every column is given: no need for TypeORM to read generated values back.
      await m
        .createQueryBuilder()
        .insert()
        .into(ProductEntity)
        .values({ id, ...row, createdAt: now })
        .updateEntity(false)
        .execute();
    } else await m.update(ProductEntity, { id }, row);
    const stored: ProductImageEntity[] = [];
    for (const image of images) {
      const { identifiers } = await m.insert(ProductImageEntity, { ...image, productId: id });
      stored.push(m.create(ProductImageEntity, { ...image, productId: id, id: identifiers[0].id as number }));
    }
    const product = m.create(ProductEntity, { id, ...row, images: stored });
    await this.lexical.write(m, id, productTerms(input));
    const event = toListingEvent(product);
    await this.outbox.enqueue(m, [{ topic: Topics.listings, key: id, value: JSON.stringify(event) }]);
    return product;
  }
}

const notFound = (id: string) => new DomainError('NOT_FOUND', `product ${id} not found`);
