import { Type } from 'class-transformer';
import { IsInt, IsString, Min, ValidateNested } from 'class-validator';
import { UnprocessableEntityException } from '@nestjs/common';
import { MAX_INPUT_DEPTH, createValidationPipe } from './validation.pipe.js';

class PriceDto {
  @IsInt() @Min(0) gte!: number;
}
class QueryDto {
  @IsString() q!: string;
  @ValidateNested() @Type(() => PriceDto) price!: PriceDto;
}

describe(createValidationPipe.name, () => {
  const sut = createValidationPipe();
  const meta = { type: 'body' as const, metatype: QueryDto };

  it('answers 422 naming nested fields by dotted path', async () => {
    const error = await sut.transform({ q: 3, price: { gte: -1 } }, meta).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnprocessableEntityException);
    const body = (error as UnprocessableEntityException).getResponse() as { errors: { field: string }[] };
    expect(body.errors.map((e) => e.field)).toEqual(['q', 'price.gte']);
  });

  it('rejects fields the DTO does not declare', async () => {
    const error = await sut
      .transform({ q: 'x', price: { gte: 1 }, admin: true }, meta)
      .catch((e: unknown) => e);
    const body = (error as UnprocessableEntityException).getResponse() as { errors: { field: string }[] };
    expect(body.errors.map((e) => e.field)).toEqual(['admin']);
  });

  it('passes and transforms a valid body', async () => {
    const value = (await sut.transform({ q: 'red dress', price: { gte: 5 } }, meta)) as QueryDto;
    expect(value).toBeInstanceOf(QueryDto);
    expect(value.price).toBeInstanceOf(PriceDto);
  });

  it('answers 422 naming the field for input nested deeper than the limit, instead of overflowing', async () => {
    let deep: unknown = 1;
    for (let i = 0; i < 10_000; i++) deep = { a: deep };
    const error = await sut.transform({ q: 'x', price: deep }, meta).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnprocessableEntityException);
    const body = (error as UnprocessableEntityException).getResponse() as { errors: { field: string }[] };
    expect(body.errors[0].field).toMatch(/^price(\.a)+$/);
  });

  it('lets input nested up to the limit through to validation', async () => {
    let deep: unknown = 1;
    for (let i = 0; i < MAX_INPUT_DEPTH - 2; i++) deep = [deep];
    const error = await sut.transform({ q: 'x', price: { gte: deep } }, meta).catch((e: unknown) => e);
    const body = (error as UnprocessableEntityException).getResponse() as { errors: { field: string }[] };
    expect(body.errors.map((e) => e.field)).toEqual(['price.gte']);
  });
});
