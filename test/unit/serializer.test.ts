import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { serializerCompiler as zodSerializerCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { serializerCompiler } from '../../src/http/serializer.js';

const route = (schema: z.ZodType) => ({ schema, method: 'GET', url: '/x', httpStatus: '200' });
const fast = (schema: z.ZodType) => serializerCompiler(route(schema)) as (data: unknown) => string;
const zod = (schema: z.ZodType) => zodSerializerCompiler(route(schema) as never) as (data: unknown) => string;

const Item = z.object({
  id: z.string(),
  name: z.string(),
  note: z.string().optional(),
  status: z.enum(['active', 'banned']),
  at: z.string().nullable(),
  count: z.number().int(),
  ratio: z.number(),
  ok: z.boolean(),
  tags: z.array(z.string()),
  counts: z.object({ approved: z.number().int(), rejected: z.number().int() }),
  data: z.record(z.string(), z.unknown()),
  kind: z.literal('seller'),
  nothing: z.null(),
});
const Page = z.object({ items: z.array(Item), total: z.number().int() });
const Problem = z.object({ type: z.string(), status: z.number().int(), code: z.string() }).passthrough();

const item = {
  id: 'sel_1',
  name: '深圳市测试贸易有限公司 "引号" \\ 反斜杠\n换行 \u2028 😀',
  status: 'active',
  at: null,
  count: 3,
  ratio: 0.25,
  ok: true,
  tags: ['a', 'b"c'],
  counts: { approved: 1, rejected: 0, extra: 9 },
  data: { nested: { deep: [1, 'two', null] }, flag: false },
  kind: 'seller',
  nothing: null,
  internal: 'never written',
};

describe('response serializer', () => {
  it('writes exactly what the Zod serializer writes: the schema’s properties in its order, unknown ones dropped', () => {
    const cases: [z.ZodType, unknown][] = [
      [Item, item],
      [Item, { ...item, note: 'given', at: '2026-01-01T00:00:00.000Z', name: 'plain' }],
      [Item, { ...item, note: undefined }],
      [Page, { items: [item, { ...item, id: 'sel_2' }], total: 2 }],
      [Page, { items: [], total: 0 }],
      [Problem, { type: 'about:blank', status: 409, code: 'conflict', detail: 'kept', errors: [{ field: 'x' }] }],
      [z.object({ big: z.number() }), { big: 1e21 }],
      [z.object({ small: z.number() }), { small: -0.000001 }],
    ];
    for (const [schema, data] of cases) assert.equal(fast(schema)(data), zod(schema)(data));
  });

  it('keeps the Zod serializer where JSON Schema cannot say the same: unions, dates', () => {
    const Union = z.object({ v: z.union([z.object({ a: z.string() }), z.object({ b: z.number() })]) });
    // An extra field on a union member: Zod strips it; a validating union would refuse the value.
    assert.equal(fast(Union)({ v: { a: 'x', extra: 1 } }), '{"v":{"a":"x"}}');
    const Dated = z.object({ v: z.date() });
    assert.equal(fast(Dated)({ v: new Date(0) }), '{"v":"1970-01-01T00:00:00.000Z"}');
    const Piped = z.object({ v: z.string().pipe(z.string().min(1)) });
    assert.equal(fast(Piped)({ v: 'abc', w: 1 }), zod(Piped)({ v: 'abc', w: 1 }));
    const Nullable = z.object({ v: z.object({ a: z.string() }).nullable() });
    assert.equal(fast(Nullable)({ v: null }), '{"v":null}');
    assert.equal(fast(Nullable)({ v: { a: 'x', b: 2 } }), '{"v":{"a":"x"}}');
  });

  it('no longer checks the response: a missing property is left out instead of a 500', () => {
    const S = z.object({ a: z.string(), b: z.string() });
    assert.throws(() => zod(S)({ a: 'x' }));
    assert.equal(fast(S)({ a: 'x' }), '{"a":"x"}');
  });
});
