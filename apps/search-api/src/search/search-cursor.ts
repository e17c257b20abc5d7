import { createHmac, timingSafeEqual } from 'node:crypto';
import { DomainError } from '#contracts';

interface CursorBody {
  /** Which query the cursor belongs to (a hash of it). */
  q: string;
  /** Items already returned. */
  o: number;
}

/**
 * Opaque, signed page cursors: `<base64url body>.<HMAC>`. A cursor that was
 * edited, or that belongs to another query, is refused with a 422.
 */
export class SearchCursorCodec {
  constructor(private readonly key: Buffer) {}

  encode(queryHash: string, offset: number): string {
    const body = Buffer.from(JSON.stringify({ q: queryHash, o: offset } satisfies CursorBody)).toString(
      'base64url',
    );
    return `${body}.${this.sign(body)}`;
  }

  /** The offset a cursor stands for; 0 without a cursor. */
  decode(cursor: string | undefined, queryHash: string): number {
    if (cursor === undefined) return 0;
    const [body, signature, extra] = cursor.split('.');
    if (!body || !signature || extra !== undefined || !this.verify(body, signature)) {
      throw invalidCursor('is not a cursor this server issued');
    }
    const parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as CursorBody;
    if (parsed.q !== queryHash) throw invalidCursor('belongs to a different query or filters');
    return parsed.o;
  }

  private sign(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url').slice(0, 22);
  }

  private verify(body: string, signature: string): boolean {
    const expected = Buffer.from(this.sign(body));
    const given = Buffer.from(signature);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }
}

const invalidCursor = (why: string) =>
  new DomainError('INVALID_INPUT', `cursor ${why}`, { field: 'cursor', reason: why });
