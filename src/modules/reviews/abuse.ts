import { findAbuse } from '../enforcement/detectors/abuse-words.js';

/** The abusive terms (English and Chinese) in a review's or reply's text; empty when it may show at once. */
export function abusiveTerms(...texts: string[]): string[] {
  const terms = new Set<string>();
  for (const t of texts) for (const m of findAbuse(t)) terms.add(`${m.language}:${m.term}`);
  return [...terms];
}
