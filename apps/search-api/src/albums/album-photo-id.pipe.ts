import { Injectable, type PipeTransform } from '@nestjs/common';
import { DomainError } from '#contracts';

const MAX_ID = 2_147_483_647;

/**
 * Album photo ids in paths: anything that is not a possible id (not a
 * number, out of the integer column's range) is "not found", like another
 * user's id, rather than a 400 or a database error.
 */
@Injectable()
export class AlbumPhotoIdPipe implements PipeTransform<unknown, number> {
  // The global validation pipe runs first and may already have made a number of the text.
  transform(value: unknown): number {
    const text = String(value);
    const id = /^\d{1,10}$/.test(text) ? Number(text) : NaN;
    if (!(id >= 1 && id <= MAX_ID)) throw new DomainError('NOT_FOUND', `no album photo ${text.slice(0, 40)}`);
    return id;
  }
}
