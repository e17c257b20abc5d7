import { SecurityConfig } from '#config';
import { DomainError } from '#contracts';
import { RateLimiter, TokenBuckets } from './rate-limit.js';

describe(TokenBuckets.name, () => {
  it('lets a key spend its minute at once, then refills it evenly', () => {
    const sut = new TokenBuckets(6);
    for (let i = 0; i < 6; i++) {
      expect(sut.waitSeconds('a', 0)).toBe(0);
      sut.take('a', 0);
    }
    expect(sut.waitSeconds('a', 0)).toBe(10); // one token per 10 s
    expect(sut.waitSeconds('a', 9_000)).toBe(1);
    expect(sut.waitSeconds('a', 10_000)).toBe(0);
    expect(sut.waitSeconds('b', 0)).toBe(0);
  });

  it('never holds more than a minute of allowance', () => {
    const sut = new TokenBuckets(2);
    sut.take('a', 0);
    sut.take('a', 600_000); // ten minutes idle refill to 2, not 20
    sut.take('a', 600_000);
    expect(sut.waitSeconds('a', 600_000)).toBeGreaterThan(0);
  });

  it('forgets the least recently used key past its bound', () => {
    const sut = new TokenBuckets(1, 2);
    sut.take('a', 0);
    sut.take('b', 0);
    sut.take('c', 0);
    expect(sut.waitSeconds('a', 0)).toBe(0); // forgotten: a full bucket again
    expect(sut.waitSeconds('c', 0)).toBeGreaterThan(0);
  });
});

describe(RateLimiter.name, () => {
  const limiter = (env: Record<string, string>) => new RateLimiter(new SecurityConfig(env));
  const refusal = (fn: () => void) => {
    try {
      fn();
    } catch (error) {
      return error as DomainError;
    }
    throw new Error('expected a refusal');
  };

  it('spends nothing when one of the buckets refuses', () => {
    const sut = limiter({ RATE_LIMIT_PER_IP: '2', RATE_LIMIT_PER_KEY: '1' });
    sut.admit('write', '1.1.1.1', 'token-a');
    const error = refusal(() => sut.admit('write', '1.1.1.1', 'token-a'));
    expect(error.code).toBe('RATE_LIMITED');
    expect(error.retryAfterS).toBeGreaterThan(0);
    // The refused write did not spend the IP's second token.
    sut.admit('write', '1.1.1.1', 'token-b');
    expect(refusal(() => sut.admit('write', '1.1.1.1', 'token-c')).message).toMatch(/per IP/);
  });

  it('applies the review allowance only to reviews, and no limit set to 0', () => {
    const sut = limiter({ RATE_LIMIT_REVIEWS_PER_IP: '1', RATE_LIMIT_PER_IP: '0' });
    sut.admit('review', '2.2.2.2', undefined);
    expect(refusal(() => sut.admit('review', '2.2.2.2', undefined)).message).toMatch(/reviews per IP/);
    for (let i = 0; i < 100; i++) sut.admit('write', '2.2.2.2', undefined);
  });
});
