import { BadRequestException, UnprocessableEntityException } from '@nestjs/common';
import { DomainError } from '#contracts';
import { readingMultipart } from './multipart-errors.js';

describe(readingMultipart.name, () => {
  it("answers 400 for the parser's own errors (a plain Error without a status)", async () => {
    const error = await readingMultipart(() =>
      Promise.reject(new Error('Multipart: Boundary not found')),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadRequestException);
    expect((error as BadRequestException).message).toContain('Boundary not found');
  });

  it('passes domain errors, HTTP exceptions, errors with a status and programming errors through', async () => {
    const limit = Object.assign(new Error('reach files limit'), { statusCode: 413 });
    for (const thrown of [
      new DomainError('INVALID_INPUT', 'image: attach a photo'),
      new UnprocessableEntityException('bad'),
      limit,
      new TypeError('x is undefined'),
    ]) {
      await expect(readingMultipart(() => Promise.reject(thrown))).rejects.toBe(thrown);
    }
  });

  it('returns what the reader read', async () => {
    await expect(readingMultipart(() => Promise.resolve(42))).resolves.toBe(42);
  });
});
