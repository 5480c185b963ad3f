import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { allocate, formatMinor, parseDecimalToMinor } from '../../src/domain/money.js';

describe('money in minor units', () => {
  it('parses plain decimals without floating-point error', () => {
    assert.equal(parseDecimalToMinor('32.5', 'BRL'), 3250);
    assert.equal(parseDecimalToMinor('0.29', 'USD'), 29);
    assert.equal(parseDecimalToMinor('1234.56'), 123456);
    assert.equal(parseDecimalToMinor('7'), 700);
    assert.equal(parseDecimalToMinor('1.10'), 110);
    assert.equal(parseDecimalToMinor('1500', 'JPY'), 1500);
  });

  it('refuses what is not a plain non-negative amount', () => {
    for (const bad of ['', '-1', '1.234', '1e3', 'abc', '1,5', '.5']) assert.equal(parseDecimalToMinor(bad), null, bad);
    assert.equal(parseDecimalToMinor('1.5', 'JPY'), null);
  });

  it('formats minor units', () => {
    assert.equal(formatMinor(3250, 'BRL'), '32.50 BRL');
    assert.equal(formatMinor(-5, 'USD'), '-0.05 USD');
    assert.equal(formatMinor(1500, 'JPY'), '1500 JPY');
  });

  it('allocates a total exactly, in proportion', () => {
    assert.deepEqual(allocate(100, [1, 1, 1]), [34, 33, 33]);
    assert.deepEqual(allocate(1000, [0, 0]), [1000, 0]);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.array(fc.integer({ min: 0, max: 100_000 }), { minLength: 1, maxLength: 20 }), (total, weights) => {
        const parts = allocate(total, weights);
        assert.equal(parts.reduce((a, b) => a + b, 0), total);
        assert.ok(parts.every((p) => Number.isInteger(p) && p >= 0));
      }),
    );
  });
});
