import { DomainError } from '#contracts';
import { SearchCursorCodec } from './search-cursor.js';

describe(SearchCursorCodec.name, () => {
  const sut = new SearchCursorCodec(Buffer.from('secret'));

  it('round-trips an offset for the same query', () => {
    expect(sut.decode(sut.encode('q1', 40), 'q1')).toBe(40);
    expect(sut.decode(undefined, 'q1')).toBe(0);
  });

  it('refuses an edited cursor, another key, another query', () => {
    const cursor = sut.encode('q1', 20);
    const [body, sig] = cursor.split('.');
    const edited = Buffer.from(JSON.stringify({ q: 'q1', o: 0 })).toString('base64url');
    expect(() => sut.decode(`${edited}.${sig}`, 'q1')).toThrow(DomainError);
    expect(() => sut.decode(`${body}.${sig}x`, 'q1')).toThrow(/cursor/);
    expect(() => new SearchCursorCodec(Buffer.from('other')).decode(cursor, 'q1')).toThrow(DomainError);
    expect(() => sut.decode(cursor, 'q2')).toThrow(/different query/);
  });
});
