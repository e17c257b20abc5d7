import type { EntityManager } from 'typeorm';
import { AlbumUserEntity } from './album-user.entity.js';

/**
 * The next change sequence number of a user's album, inside the caller's
 * transaction. The UPDATE locks the user's row until commit, so two writers
 * for one user take turns and commit in sequence order: a sync reader never
 * sees change n + 1 without change n.
 */
export async function nextAlbumChangeSeq(manager: EntityManager, userId: string): Promise<number> {
  const result = await manager.increment(AlbumUserEntity, { id: userId }, 'changeSeq', 1);
  if (result.affected === 0) throw new Error(`no user ${userId}`);
  const user = await manager.findOneOrFail(AlbumUserEntity, {
    select: { id: true, changeSeq: true },
    where: { id: userId },
  });
  return user.changeSeq;
}
