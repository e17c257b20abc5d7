import { Injectable } from '@nestjs/common';
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AlbumUserEntity } from '#catalog';

/** Who a user token belongs to; the only source of identity for album routes. */
export interface AlbumUser {
  id: string;
  name: string;
}

export interface CreatedUser extends AlbumUser {
  /** Shown once: only its hash is stored. */
  token: string;
  createdAt: Date;
}

const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** Album owners and their bearer tokens (random, 256 bits, stored as SHA-256). */
@Injectable()
export class UsersService {
  constructor(private readonly dataSource: DataSource) {}

  /** `fixed` lets the demo seeding keep its user id and token across restarts. */
  async create(name: string, fixed?: { id: string; token: string }): Promise<CreatedUser> {
    const token = fixed?.token ?? `alb_${randomBytes(32).toString('base64url')}`;
    const user = await this.dataSource.getRepository(AlbumUserEntity).save({
      id: fixed?.id ?? `u-${randomUUID()}`,
      name,
      tokenHash: hashToken(token),
      changeSeq: 0,
    });
    return { id: user.id, name: user.name, token, createdAt: user.createdAt };
  }

  /**
   * The user a token belongs to, or undefined. The lookup is by the token's
   * hash (an attacker cannot steer it towards a stored hash), and the final
   * comparison is constant-time all the same.
   */
  async authenticate(token: string): Promise<AlbumUser | undefined> {
    if (token.length > 200) return undefined;
    const hash = hashToken(token);
    const user = await this.dataSource
      .getRepository(AlbumUserEntity)
      .findOne({ select: { id: true, name: true, tokenHash: true }, where: { tokenHash: hash } });
    if (!user || !timingSafeEqual(Buffer.from(user.tokenHash, 'hex'), Buffer.from(hash, 'hex')))
      return undefined;
    return { id: user.id, name: user.name };
  }

  async exists(id: string): Promise<boolean> {
    return this.dataSource.getRepository(AlbumUserEntity).existsBy({ id });
  }
}
