import { createHmac, timingSafeEqual } from 'node:crypto';
import { DomainError } from '#contracts';

/** Where a device's copy of an album stands. */
export interface SyncPosition {
  /** The user the cursor was issued to. */
  user: string;
  /** Every change up to this sequence number has been sent. */
  seq: number;
  /** The model and codebook versions of the vectors sent (`<model>/<codebook>`). */
  model: string;
}

/**
 * Opaque, signed sync cursors: `<base64url JSON>.<HMAC>`. Signing keeps a
 * device from editing its position; the user inside binds a cursor to its
 * owner, so another user's cursor is refused (422), never read.
 */
export class SyncCursorCodec {
  constructor(private readonly key: Buffer) {}

  encode(position: SyncPosition): string {
    const body = Buffer.from(
      JSON.stringify({ u: position.user, s: position.seq, m: position.model }),
    ).toString('base64url');
    return `${body}.${this.sign(body)}`;
  }

  /** The caller's position; undefined without a cursor (a first sync). */
  decode(cursor: string | undefined, user: string): SyncPosition | undefined {
    if (cursor === undefined || cursor === '') return undefined;
    const [body, signature, extra] = cursor.split('.');
    if (!body || !signature || extra !== undefined || !this.verify(body, signature)) {
      throw invalidCursor('is not a sync cursor this server issued');
    }
    const parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as {
      u: string;
      s: number;
      m: string;
    };
    if (parsed.u !== user) throw invalidCursor('belongs to another user');
    return { user: parsed.u, seq: parsed.s, model: parsed.m };
  }

  private sign(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url').slice(0, 32);
  }

  private verify(body: string, signature: string): boolean {
    const expected = Buffer.from(this.sign(body));
    const given = Buffer.from(signature);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }
}

const invalidCursor = (why: string) =>
  new DomainError('INVALID_INPUT', `cursor ${why}`, {
    errors: [{ field: 'cursor', problems: [why] }],
  });
