import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DataSet,
  RegExpMatcher,
  SyntaxKind,
  englishDataset,
  englishRecommendedTransformers,
  parseRawPattern,
  type BlacklistedTerm,
  type Node,
  type StatefulTransformer,
  type TransformerContainer,
} from 'obscenity';
import { foldText } from '../../../domain/enforcement/detectors.js';

/**
 * Abusive and belligerent words in English and Chinese. English: obscenity's maintained dataset with its recommended
 * transformers (leetspeak, confusable characters, repeated letters, skipped spaces), plus our belligerent phrases.
 * Chinese: our own list (wordlists/abusive.zh.txt), matched after folding the text so spacing, punctuation,
 * full-width letters and traditional forms do not hide a word.
 *
 * Speed: the detectors read every message of the replay window, and almost all are clean. obscenity's matcher runs
 * over a hundred expressions and its whitelist per text; here the text is first transformed as the matcher does it
 * and tested against all its patterns joined in one expression. Only a text that matches (a few per thousand) goes
 * through the matcher itself, so what is found, and how, stays obscenity's.
 */

const here = path.dirname(fileURLToPath(import.meta.url));

function readList(file: string): string[] {
  return fs
    .readFileSync(path.join(here, 'wordlists', file), 'utf8')
    .split('\n')
    .map((l) => l.replace(/#.*/, '').trim())
    .filter(Boolean);
}

// Traditional forms of the characters the list uses, folded to the simplified ones.
const TRADITIONAL: Record<string, string> = {
  媽: '妈', 賤: '贱', 滾: '滚', 騙: '骗', 貨: '货', 蠢: '蠢', 廢: '废', 圾: '圾', 腦: '脑', 殘: '残', 狗: '狗', 東: '东', 買: '买', 家: '家',
  窮: '穷', 經: '经', 瘋: '疯', 臉: '脸', 該: '该', 訴: '诉', 弄: '弄', 瞧: '瞧', 傻: '傻', 筆: '笔', 癡: '痴', 蛋: '蛋', 給: '给', 開: '开', 爾: '尔',
};

const TRADITIONAL_CHARS = new RegExp(`[${Object.keys(TRADITIONAL).filter((c) => TRADITIONAL[c] !== c).join('')}]`, 'g');
const ASCII = /^[\x00-\x7f]*$/;

export function foldChinese(text: string): string {
  // Plain ASCII folds to its lower case: NFKC leaves it as it is and the other steps concern other characters.
  if (ASCII.test(text)) return text.toLowerCase();
  let folded = foldText(text);
  folded = folded.replace(TRADITIONAL_CHARS, (c) => TRADITIONAL[c]);
  // Letters and digits glued to Chinese (傻 b, 傻-B) count as part of the word too.
  return folded.replace(/(?<=[\p{Script=Han}])[\s\p{P}\p{S}_]+(?=[a-z0-9])|(?<=[a-z0-9])[\s\p{P}\p{S}_]+(?=[\p{Script=Han}])/gu, '');
}

interface English {
  dataset: DataSet<{ originalWord: string }>;
  matcher: RegExpMatcher;
  /**
   * The matcher's blacklist transformers: the leading stateless ones (confusables, leetspeak, case) composed and
   * remembered per character in `mapped` (-2 not yet known, -1 dropped), then the rest, stateful ones instantiated
   * once and reset after every text.
   */
  leading: ((c: number) => number | undefined)[];
  mapped: Int32Array;
  rest: { simple?: (c: number) => number | undefined; stateful?: StatefulTransformer }[];
  /** Every blacklisted pattern in one expression: a transformed text it does not match has no match at all. */
  any: RegExp;
}

let english: English | null = null;
let chinese: { words: string[]; re: RegExp } | null = null;

function englishMatcher() {
  if (english) return english;
  const dataset = new DataSet<{ originalWord: string }>().addAll(englishDataset);
  for (const phrase of readList('abusive.en.txt')) {
    const escaped = phrase.replace(/[[\]\\?|]/g, '');
    dataset.addPhrase((p) => p.setMetadata({ originalWord: phrase }).addPattern(parseRawPattern(`|${escaped}|`)));
  }
  const built = dataset.build();
  const transformers: TransformerContainer[] = englishRecommendedTransformers.blacklistMatcherTransformers ?? [];
  const firstStateful = transformers.findIndex((t) => 'factory' in t);
  const leadingCount = firstStateful === -1 ? transformers.length : firstStateful;
  english = {
    dataset,
    matcher: new RegExpMatcher({ ...built, ...englishRecommendedTransformers }),
    leading: transformers.slice(0, leadingCount).flatMap((t) => ('factory' in t ? [] : [t.transform])),
    mapped: new Int32Array(0x10000).fill(-2),
    rest: transformers.slice(leadingCount).map((t) => ('factory' in t ? { stateful: t.factory() } : { simple: t.transform })),
    any: new RegExp(built.blacklistedTerms.map((t) => `(?:${patternSource(t)})`).join('|'), 's'),
  };
  return english;
}

const REGEXP_SPECIAL = new Set([...'[.*+?^${}()|\\]'].map((c) => c.charCodeAt(0)));

function nodeSource(node: Node): string {
  switch (node.kind) {
    case SyntaxKind.Literal:
      return node.chars.map((c) => (REGEXP_SPECIAL.has(c) ? '\\' : '') + String.fromCodePoint(c)).join('');
    case SyntaxKind.Optional:
      return `(?:${nodeSource(node.childNode)})?`;
    case SyntaxKind.Wildcard:
      return '.';
  }
}

/** A pattern as obscenity's matcher compiles it (word boundaries, literals, optional parts, wildcards; flag 's'). */
function patternSource(term: BlacklistedTerm): string {
  const p = term.pattern;
  return `${p.requireWordBoundaryAtStart ? '\\b' : ''}${p.nodes.map(nodeSource).join('')}${p.requireWordBoundaryAtEnd ? '\\b' : ''}`;
}

/** The text as the matcher sees it: code point by code point through its blacklist transformers. */
function transformEnglish(en: English, text: string): string {
  let out = '';
  for (let i = 0; i < text.length; ) {
    const cp = text.codePointAt(i)!;
    i += cp > 0xffff ? 2 : 1;
    let c: number | undefined;
    if (cp < 0x10000) {
      let m = en.mapped[cp];
      if (m === -2) en.mapped[cp] = m = leadingOf(en, cp) ?? -1;
      c = m === -1 ? undefined : m;
    } else c = leadingOf(en, cp);
    for (let k = 0; k < en.rest.length && c !== undefined; k++) {
      const step = en.rest[k];
      c = step.simple ? step.simple(c) : step.stateful!.transform(c);
    }
    if (c !== undefined) out += String.fromCodePoint(c);
  }
  for (const step of en.rest) step.stateful?.reset();
  return out;
}

function leadingOf(en: English, cp: number): number | undefined {
  let c: number | undefined = cp;
  for (let k = 0; k < en.leading.length && c !== undefined; k++) c = en.leading[k](c);
  return c;
}

/** Whether obscenity's matcher could find anything in the text (false: it would find nothing). */
export function mayHaveEnglishAbuse(text: string): boolean {
  const en = englishMatcher();
  return en.any.test(transformEnglish(en, text));
}

function chineseMatcher() {
  if (chinese) return chinese;
  const words = readList('abusive.zh.txt').map((w) => foldChinese(w));
  const re = new RegExp(words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'gu');
  chinese = { words, re };
  return chinese;
}

export interface AbuseMatch {
  language: 'en' | 'zh';
  /** The word or phrase of the list that matched (not the obfuscated form). */
  term: string;
}

/** Every abusive term in a message, once each. `prefilter` false runs obscenity's matcher on every text (tests compare). */
export function findAbuse(text: string, prefilter = true): AbuseMatch[] {
  if (!text) return [];
  const found = new Map<string, AbuseMatch>();
  const en = englishMatcher();
  if (!prefilter || en.any.test(transformEnglish(en, text))) {
    for (const m of en.matcher.getAllMatches(text)) {
      const term = en.dataset.getPayloadWithPhraseMetadata(m).phraseMetadata?.originalWord ?? 'profanity';
      found.set(`en:${term}`, { language: 'en', term });
    }
  }
  const zh = chineseMatcher();
  const folded = foldChinese(text);
  for (const m of folded.matchAll(zh.re)) found.set(`zh:${m[0]}`, { language: 'zh', term: m[0] });
  return [...found.values()];
}

