import type { ProductEntity } from '#catalog';
import { LISTING_SCHEMA_VERSION, type ListingEventV1 } from '#contracts';
import type { ProductViewDto } from './product.dto.js';

/** What a listing says about itself, as both the API and the listings.v1 event carry it. */
function attributes(p: ProductEntity) {
  return {
    title: { en: p.titleEn, zh: p.titleZh },
    description: { en: p.descriptionEn, zh: p.descriptionZh },
    category: p.category,
    colour: p.colour,
    brand: p.brand,
    price: p.priceCents / 100,
    currency: p.currency,
    rating: p.rating,
    stock: p.stock,
  };
}

const byPosition = <T extends { position: number }>(images: T[] | undefined): T[] =>
  [...(images ?? [])].sort((a, b) => a.position - b.position);

export function toProductView(p: ProductEntity): ProductViewDto {
  return {
    id: p.id,
    ...attributes(p),
    in_stock: p.stock > 0,
    version: p.version,
    updated_at: p.updatedAt.toISOString(),
    images: byPosition(p.images).map((i) => ({
      id: i.id,
      url: `/v1/products/${encodeURIComponent(p.id)}/images/${i.id}`,
      width: i.width,
      height: i.height,
    })),
  };
}

export function toListingEvent(
  p: ProductEntity | { id: string; version: number },
  deleted = false,
): ListingEventV1 {
  const base = {
    schema: LISTING_SCHEMA_VERSION as 1,
    id: p.id,
    version: p.version,
    occurred_at: new Date().toISOString(),
  };
  if (deleted || !('titleEn' in p)) return { ...base, type: 'listing.deleted' };
  return {
    ...base,
    type: 'listing.upserted',
    product: {
      ...attributes(p),
      images: byPosition(p.images).map((i) => ({ id: i.id, position: i.position, sha256: i.sha256 })),
    },
  };
}
