import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DataSet,
  RegExpMatcher,
  englishDataset,
  englishRecommendedTransformers,
  parseRawPattern,
} from 'obscenity';
import { foldText } from '../../../domain/enforcement/detectors.js';

/**
 * Abusive and belligerent words in English and Chinese. English: obscenity's maintained dataset with its recommended
 * transformers (leetspeak, confusable characters, repeated letters, skipped spaces), plus our belligerent phrases.
 * Chinese: our own list (wordlists/abusive.zh.txt), matched after folding the text so spacing, punctuation,
 * full-width letters and traditional forms do not hide a word.
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

export function foldChinese(text: string): string {
  let folded = foldText(text);
  folded = folded.replace(/[\u3400-\u9fff]/g, (c) => TRADITIONAL[c] ?? c);
  // Letters and digits glued to Chinese (傻 b, 傻-B) count as part of the word too.
  return folded.replace(/(?<=[\p{Script=Han}])[\s\p{P}\p{S}_]+(?=[a-z0-9])|(?<=[a-z0-9])[\s\p{P}\p{S}_]+(?=[\p{Script=Han}])/gu, '');
}

let english: { dataset: DataSet<{ originalWord: string }>; matcher: RegExpMatcher } | null = null;
let chinese: { words: string[]; re: RegExp } | null = null;

function englishMatcher() {
  if (english) return english;
  const dataset = new DataSet<{ originalWord: string }>().addAll(englishDataset);
  for (const phrase of readList('abusive.en.txt')) {
    const escaped = phrase.replace(/[[\]\\?|]/g, '');
    dataset.addPhrase((p) => p.setMetadata({ originalWord: phrase }).addPattern(parseRawPattern(`|${escaped}|`)));
  }
  english = { dataset, matcher: new RegExpMatcher({ ...dataset.build(), ...englishRecommendedTransformers }) };
  return english;
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

/** Every abusive term in a message, once each. */
export function findAbuse(text: string): AbuseMatch[] {
  if (!text) return [];
  const found = new Map<string, AbuseMatch>();
  const en = englishMatcher();
  for (const m of en.matcher.getAllMatches(text)) {
    const term = en.dataset.getPayloadWithPhraseMetadata(m).phraseMetadata?.originalWord ?? 'profanity';
    found.set(`en:${term}`, { language: 'en', term });
  }
  const zh = chineseMatcher();
  const folded = foldChinese(text);
  for (const m of folded.matchAll(zh.re)) found.set(`zh:${m[0]}`, { language: 'zh', term: m[0] });
  return [...found.values()];
}

