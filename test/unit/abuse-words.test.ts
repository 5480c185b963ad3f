import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { englishDataset, SyntaxKind, type Node } from 'obscenity';
import { foldText } from '../../src/domain/enforcement/detectors.js';
import { findAbuse, foldChinese } from '../../src/modules/enforcement/detectors/abuse-words.js';

/** The plain text a pattern matches: its literals, its optional parts, a letter for a wildcard. */
function literalOf(nodes: Node[], withOptional: boolean): string {
  return nodes
    .map((n) => {
      if (n.kind === SyntaxKind.Literal) return String.fromCodePoint(...n.chars);
      if (n.kind === SyntaxKind.Wildcard) return 'u';
      return withOptional ? literalOf([n.childNode], true) : '';
    })
    .join('');
}

const LEET: Record<string, string> = { a: '4', e: '3', i: '1', o: '0', s: '$', t: '7' };
const obfuscations = (w: string) => [
  w,
  w.toUpperCase(),
  w.replace(/[aeiost]/g, (c) => LEET[c]),
  w.replace(/([a-z])/, '$1$1$1'),
  [...w].join(' '),
  [...w].join('.'),
  w.replace(/a/g, 'а').replace(/o/g, 'о'), // Cyrillic look-alikes
];

function corpus(): string[] {
  const texts: string[] = [];
  for (const term of englishDataset.build().blacklistedTerms) {
    for (const withOptional of [false, true]) {
      const w = literalOf(term.pattern.nodes, withOptional);
      for (const o of obfuscations(w)) texts.push(o, `you ${o}!`, `x${o}y`, `the ${o}s are here`);
    }
  }
  for (const w of ['idiot', 'shut up', 'loser', 'go to hell', 'scammer', 'i will find you']) for (const o of obfuscations(w)) texts.push(`Well ${o}, thanks`);
  texts.push(
    'The colour in the photo is the same as the listing; we can offer a partial refund of 10 %.',
    'A classic assassin of the Scunthorpe passage, with a peacock and a cockpit.',
    'Please send the item back with the label 🙂, we will refund when it arrives.',
    '照片里的颜色和商品描述一致，我们可以退款百分之十。',
    '你这个傻 逼，不发货',
    '你有病吧，滚蛋',
    '您好 ＳＢ卖家 請耐心等待',
    '\ud83d lone surrogate \udc00 and 𝐟𝐮𝐜𝐤 in bold',
    '',
  );
  return texts;
}

describe('abusive words', () => {
  it('the prefilter never changes what obscenity and the Chinese list find', () => {
    let flagged = 0;
    for (const text of corpus()) {
      const fast = findAbuse(text);
      assert.deepEqual(fast, findAbuse(text, false), text);
      if (fast.length > 0) flagged++;
    }
    // The corpus is mostly abusive: a prefilter that let nothing through would differ above.
    assert.ok(flagged > 500, `${flagged} texts flagged`);
  });

  it('finds English and Chinese terms through obfuscation, and passes polite text', () => {
    const terms = (t: string) => findAbuse(t).map((m) => `${m.language}:${m.term}`).sort();
    assert.deepEqual(terms('Shut up you 1d10t'), ['en:idiot', 'en:shut up']);
    assert.deepEqual(terms('你这个傻 逼，不发货'), ['zh:傻逼']);
    assert.deepEqual(terms('你有病吧，滚蛋'), ['zh:有病吧', 'zh:滚蛋']);
    assert.deepEqual(terms('Sorry for the delay, we will ship a replacement at once.'), []);
    assert.deepEqual(terms('已经发货，请耐心等待，谢谢'), []);
  });

  it('folds plain ASCII text as the full folding does', () => {
    for (const t of ['Hello World', 'SB seller', 'a\tb  C-D', 'NMSL!', '']) assert.equal(foldChinese(t), foldText(t));
  });
});
