import { RegExpMatcher, englishDataset, englishRecommendedTransformers } from 'obscenity';
import type { Bilingual } from './render.js';

/**
 * The clarity check of a claim's free text (seed 004 phase 2): the seller reads it through translation software,
 * which mangles long sentences, slang, capitals, exclamations and insults. Each finding names what to change; the
 * console shows them with the concise version built from the claim's structured fields (dispute-render.ts).
 * Insults come from obscenity's maintained English dataset (leetspeak and look-alike characters handled) plus the
 * accusations a buyer typically throws at a seller.
 */

export type ClarityCode = 'long_sentence' | 'long_text' | 'slang' | 'all_caps' | 'exclamation' | 'repeated_punctuation' | 'insult' | 'emotional' | 'emoji';
export type ClaritySeverity = 'info' | 'warning' | 'problem';

export interface ClarityFinding {
  code: ClarityCode;
  severity: ClaritySeverity;
  /** The words concerned, as written (a sentence is cut to its first words). */
  excerpt: string;
  message: Bilingual;
}

export interface ClarityResult {
  /** No warning and no problem: the text translates well as it is. */
  ok: boolean;
  findings: ClarityFinding[];
  stats: { words: number; sentences: number; longestSentenceWords: number };
}

/** A sentence longer than this many words is hard for translation software; twice as long is a problem. */
export const LONG_SENTENCE_WORDS = 20;
/** The claim's facts are in its fields: free text past this many words is rarely read well. */
export const LONG_TEXT_WORDS = 120;

const SLANG = [
  'gonna', 'wanna', 'gotta', 'kinda', 'sorta', 'dunno', 'lemme', 'gimme', "ain't", 'aint', "y'all", 'ya', 'u', 'ur', 'pls', 'plz', 'thx', 'tbh', 'idk',
  'imo', 'imho', 'lol', 'lmao', 'omg', 'wtf', 'smh', 'ngl', 'fr', 'rn', 'btw', 'bc', 'cuz', 'coz', 'legit', 'sus', 'dope', 'busted', 'bro', 'dude', 'nah', 'yep',
  'yeah', 'asap', 'wth', 'bruh', 'meh',
];
const IDIOMS = ['rip-off', 'rip off', 'ripped off', 'a joke', 'messed up', 'screwed up', 'screwed', 'last straw', 'piece of junk', 'piece of crap', 'not cool', 'no way', 'my bad', 'no biggie', 'over the moon', 'what a mess', 'total mess'];
const EMOTIONAL = [
  "can't believe", 'cannot believe', 'can not believe', 'unacceptable', 'so angry', 'very angry', 'furious', 'disgusting', 'ridiculous', 'outrageous', 'outraged',
  'never again', 'worst', 'horrible', 'terrible', 'awful', 'shocking', 'disappointed', 'fed up', 'sick of', 'how dare',
];
const INSULTS = ['scammer', 'scammers', 'scam', 'thief', 'thieves', 'liar', 'liars', 'cheat', 'cheater', 'cheaters', 'idiot', 'idiots', 'stupid', 'moron', 'useless', 'incompetent', 'crook', 'crooks', 'clown', 'clowns', 'fraudster', 'pathetic'];
/** Capitals that are names or codes, not shouting. */
const ACRONYMS = new Set([
  'USA', 'UK', 'EU', 'DHL', 'EMS', 'UPS', 'USPS', 'SF', 'FEDEX', 'TNT', 'QC', 'SKU', 'ID', 'XS', 'XL', 'XXL', 'XXXL', 'PDF', 'OK', 'USD', 'EUR', 'GBP', 'CNY', 'RMB',
  'AUD', 'CAD', 'JPY', 'HKD', 'BRL', 'MP4', 'MOV', 'LED', 'USB', 'PO', 'TV', 'GPS', 'LCD', 'AC', 'DC', 'CM', 'KG', 'MM', 'NFC', 'RFID', 'EAN', 'UPC', 'IMEI', 'VAT', 'FAQ', 'PVC', 'PU', 'ABS', 'II', 'III', 'IV',
]);

let profanity: RegExpMatcher | null = null;
function profanityMatcher(): RegExpMatcher {
  profanity ??= new RegExpMatcher({ ...englishDataset.build(), ...englishRecommendedTransformers });
  return profanity;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const phraseRe = (list: readonly string[]) => new RegExp(`(?<![\\p{L}'])(${list.map(escape).join('|')})(?![\\p{L}'])`, 'giu');
const SLANG_RE = phraseRe([...IDIOMS, ...SLANG]);
const EMOTIONAL_RE = phraseRe(EMOTIONAL);
const INSULT_RE = phraseRe(INSULTS);

function words(text: string): string[] {
  return text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w));
}

function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?。！？])\s+|\n+/)
    .map((s) => s.trim())
    .filter((s) => words(s).length > 0);
}

const cut = (s: string, n = 12) => {
  const w = s.split(/\s+/);
  return w.length > n ? `${w.slice(0, n).join(' ')} …` : s;
};

function uniqueMatches(re: RegExp, text: string): string[] {
  const seen = new Map<string, string>();
  for (const m of text.matchAll(re)) {
    const key = m[0].toLowerCase();
    if (!seen.has(key)) seen.set(key, m[0]);
  }
  return [...seen.values()];
}

export function checkClarity(raw: string): ClarityResult {
  const text = raw.normalize('NFKC').trim();
  const findings: ClarityFinding[] = [];
  const all = words(text);
  const parts = sentences(text);
  const lengths = parts.map((s) => words(s).length);
  const longest = lengths.length ? Math.max(...lengths) : 0;

  parts.forEach((s, i) => {
    const n = lengths[i];
    if (n > LONG_SENTENCE_WORDS) {
      findings.push({
        code: 'long_sentence',
        severity: n > 2 * LONG_SENTENCE_WORDS ? 'problem' : 'warning',
        excerpt: cut(s),
        message: {
          en: `A sentence of ${n} words: split it into short sentences of one fact each (at most ${LONG_SENTENCE_WORDS} words).`,
          'zh-CN': `这句话有 ${n} 个词：请拆成每句一个事实的短句（不超过 ${LONG_SENTENCE_WORDS} 个词）。`,
        },
      });
    }
  });
  if (all.length > LONG_TEXT_WORDS) {
    findings.push({
      code: 'long_text',
      severity: 'warning',
      excerpt: cut(text, 8),
      message: {
        en: `${all.length} words: the claim's fields already carry the facts; keep the note to what they cannot say.`,
        'zh-CN': `共 ${all.length} 个词：申诉的结构化字段已包含事实，备注只需补充字段无法表达的内容。`,
      },
    });
  }
  for (const m of uniqueMatches(SLANG_RE, text)) {
    findings.push({
      code: 'slang',
      severity: 'warning',
      excerpt: m,
      message: { en: `“${m}” is slang or an idiom that translation software gets wrong: say it in plain words.`, 'zh-CN': `“${m}”是俚语或习语，翻译软件容易译错：请用直白的词表达。` },
    });
  }
  const caps = [...new Set(text.match(/(?<![\p{L}\p{N}])[\p{Lu}]{3,}(?![\p{L}\p{N}])/gu) ?? [])].filter((w) => !ACRONYMS.has(w));
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  const upper = text.match(/\p{Lu}/gu)?.length ?? 0;
  if (caps.length > 0 || (letters >= 20 && upper / letters > 0.5)) {
    findings.push({
      code: 'all_caps',
      severity: caps.length > 2 || (letters >= 20 && upper / letters > 0.5) ? 'problem' : 'warning',
      excerpt: caps.slice(0, 5).join(' ') || cut(text, 6),
      message: { en: 'Words in capitals read as shouting, and translation software may take them for names: write them in lower case.', 'zh-CN': '全大写的词读起来像在喊叫，翻译软件也可能把它们当作名称：请改用小写。' },
    });
  }
  const bangs = text.match(/[!！]/g)?.length ?? 0;
  if (bangs > 0) {
    findings.push({
      code: 'exclamation',
      severity: bangs > 1 ? 'problem' : 'warning',
      excerpt: (text.match(/[^.!?！]*[!！]+/)?.[0] ?? '!').trim(),
      message: { en: `${bangs} exclamation mark${bangs > 1 ? 's' : ''}: state the facts calmly; end sentences with a full stop.`, 'zh-CN': `${bangs} 个感叹号：请平静地陈述事实，句末用句号。` },
    });
  }
  const repeated = text.match(/[?？]{2,}|[?？][!！]|[!！][?？]|\.{4,}/g);
  if (repeated) {
    findings.push({
      code: 'repeated_punctuation',
      severity: 'warning',
      excerpt: repeated[0],
      message: { en: 'Repeated punctuation (“??”, “?!”) carries emotion, not facts: use one mark.', 'zh-CN': '重复的标点（“??”“?!”）表达的是情绪而不是事实：请只用一个标点。' },
    });
  }
  const insults = uniqueMatches(INSULT_RE, text);
  const profane = profanityMatcher()
    .getAllMatches(text, true)
    .map((m) => text.slice(m.startIndex, m.endIndex + 1));
  for (const m of [...new Set([...insults, ...profane])]) {
    findings.push({
      code: 'insult',
      severity: 'problem',
      excerpt: m,
      message: { en: `“${m}” is insulting: it will not help the claim and may be reported. Remove it.`, 'zh-CN': `“${m}”带有侮辱性：无助于申诉，还可能被举报。请删除。` },
    });
  }
  for (const m of uniqueMatches(EMOTIONAL_RE, text)) {
    findings.push({
      code: 'emotional',
      severity: 'warning',
      excerpt: m,
      message: { en: `“${m}” expresses a feeling, not a fact: the evidence speaks for you.`, 'zh-CN': `“${m}”表达的是情绪而不是事实：让证据来说明问题。` },
    });
  }
  const emoji = text.match(/\p{Extended_Pictographic}/gu);
  if (emoji) {
    findings.push({
      code: 'emoji',
      severity: 'info',
      excerpt: [...new Set(emoji)].join(''),
      message: { en: 'Emoji do not translate: leave them out.', 'zh-CN': '表情符号无法翻译：请删除。' },
    });
  }
  return {
    ok: !findings.some((f) => f.severity !== 'info'),
    findings,
    stats: { words: all.length, sentences: parts.length, longestSentenceWords: longest },
  };
}
