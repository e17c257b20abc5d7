import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A category's Platt scale refitted from moderators' overrides, for one
 * model + relevance head. Without a row the head's shipped calibration holds.
 */
@Entity({ name: 'review_photo_calibrations' })
export class ReviewPhotoCalibrationEntity {
  @PrimaryColumn({ name: 'head_key', type: 'varchar', length: 200 })
  headKey!: string;

  @PrimaryColumn({ type: 'varchar', length: 40 })
  category!: string;

  @Column({ type: 'real' })
  a!: number;

  @Column({ type: 'real' })
  b!: number;

  /** Moderator labels the fit used. */
  @Column({ type: 'integer' })
  labels!: number;

  @Column({ name: 'updated_at', type: Date })
  updatedAt!: Date;
}
