import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Batcher } from '../../src/shared/batch.js';

/** A loader that records each batch it is asked for and answers when told to. */
function recordingLoader() {
  const batches: string[][] = [];
  const gates: (() => void)[] = [];
  const load = async (keys: string[]) => {
    batches.push(keys);
    await new Promise<void>((resolve) => gates.push(resolve));
    return new Map(keys.filter((k) => !k.startsWith('missing')).map((k) => [k, `value of ${k}`]));
  };
  const openNext = () => gates.shift()?.();
  return { batches, load, openNext };
}

/** Lets the batcher's callbacks and its next turn of the event loop run. */
const turn = async () => {
  for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
};

describe('Batcher', () => {
  it('sends the keys asked for together in one batch, each distinct key once, and answers every caller', async () => {
    const l = recordingLoader();
    const b = new Batcher(l.load, { concurrency: 1, maxBatch: 100 });
    const answers = Promise.all([b.load('a'), b.load('b'), b.load('a'), b.load('missing')]);
    await turn();
    assert.deepEqual(l.batches, [['a', 'b', 'missing']]);
    l.openNext();
    assert.deepEqual(await answers, ['value of a', 'value of b', 'value of a', undefined]);
  });

  it('never adds a key to a batch already sent: a later caller waits for the next one', async () => {
    const l = recordingLoader();
    const b = new Batcher(l.load, { concurrency: 1, maxBatch: 100 });
    const first = b.load('a');
    await turn();
    const second = b.load('a');
    const third = b.load('c');
    await turn();
    assert.deepEqual(l.batches, [['a']], 'the second batch waits for the first to finish');
    l.openNext();
    assert.equal(await first, 'value of a');
    await turn();
    assert.deepEqual(l.batches, [['a'], ['a', 'c']]);
    l.openNext();
    assert.deepEqual(await Promise.all([second, third]), ['value of a', 'value of c']);
  });

  it('runs up to `concurrency` batches at a time and keeps batches within `maxBatch` keys', async () => {
    const l = recordingLoader();
    const b = new Batcher(l.load, { concurrency: 2, maxBatch: 2 });
    const answers = Promise.all(['a', 'b', 'c', 'd', 'e'].map((k) => b.load(k)));
    await turn();
    assert.deepEqual(l.batches, [['a', 'b'], ['c', 'd']]);
    l.openNext();
    await turn();
    assert.deepEqual(l.batches, [['a', 'b'], ['c', 'd'], ['e']]);
    l.openNext();
    l.openNext();
    assert.deepEqual(await answers, ['a', 'b', 'c', 'd', 'e'].map((k) => `value of ${k}`));
  });

  it("rejects every caller of a failed batch, and goes on with the next", async () => {
    let calls = 0;
    const b = new Batcher<string, string>(
      async (keys) => {
        calls++;
        if (calls === 1) throw new Error('database gone');
        return new Map(keys.map((k) => [k, k.toUpperCase()]));
      },
      { concurrency: 1, maxBatch: 10 },
    );
    const failed = await Promise.allSettled([b.load('a'), b.load('b')]);
    assert.deepEqual(failed.map((r) => r.status), ['rejected', 'rejected']);
    assert.equal((failed[0] as PromiseRejectedResult).reason.message, 'database gone');
    assert.equal(await b.load('c'), 'C');
  });

  it('rejects the callers when the loader throws before returning a promise', async () => {
    const b = new Batcher<string, string>(
      () => {
        throw new Error('bad keys');
      },
      { concurrency: 1, maxBatch: 10 },
    );
    await assert.rejects(b.load('a'), /bad keys/);
  });
});
