import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import type { ProductEntity } from './product.entity.js';
import { StoredImageColumns } from './stored-image.columns.js';

/** A product photo; position 0 is the main one (the one the indexer embeds). */
@Entity({ name: 'product_images' })
@Index('idx_product_images_product', ['productId', 'position'])
export class ProductImageEntity extends StoredImageColumns {
  @Column({ name: 'product_id', type: 'varchar', length: 64 })
  productId!: string;

  @ManyToOne('ProductEntity', 'images', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'product_id' })
  product!: ProductEntity;
}
