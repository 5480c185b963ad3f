import { z } from 'zod';

/**
 * A module's quiz: multiple-choice questions, each with one or more correct options. A question is right when the
 * options chosen are exactly its answers; the attempt passes when the share of right questions reaches the pass
 * mark. Scored here, on the server, from the stored questions — the client only sends which options it chose.
 */

const Text = (max: number) => z.string().trim().min(1).max(max);
export const Bilingual = (max: number) => z.object({ en: Text(max), zh: Text(max) }).strict();

export const QuestionSchema = z
  .object({
    id: z.string().trim().regex(/^[a-z0-9_-]{1,40}$/, 'must be 1–40 lowercase letters, digits, - or _'),
    prompt: Bilingual(1000),
    options: z.array(Bilingual(500)).min(2).max(8),
    answers: z.array(z.number().int().min(0)).min(1).max(8),
  })
  .strict()
  .superRefine((q, ctx) => {
    q.answers.forEach((a, i) => {
      if (a >= q.options.length) ctx.addIssue({ code: 'custom', path: ['answers', i], message: `must be an option's index (0–${q.options.length - 1})` });
    });
    if (new Set(q.answers).size !== q.answers.length) ctx.addIssue({ code: 'custom', path: ['answers'], message: 'must not repeat an option' });
  });

export const QuestionsSchema = z
  .array(QuestionSchema)
  .min(1)
  .max(20)
  .superRefine((qs, ctx) => {
    const seen = new Set<string>();
    qs.forEach((q, i) => {
      if (seen.has(q.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: 'must be unique in the quiz' });
      seen.add(q.id);
    });
  });

export type Question = z.infer<typeof QuestionSchema>;

/** The chosen options per question id. */
export type Answers = Record<string, number[]>;

export interface QuestionResult {
  id: string;
  chosen: number[];
  correct: boolean;
}

export interface QuizResult {
  correct: number;
  total: number;
  /** correct / total, rounded to the stored precision (3 decimals). */
  score: number;
  passed: boolean;
  questions: QuestionResult[];
}

const sorted = (xs: readonly number[]) => [...new Set(xs)].sort((a, b) => a - b);

/** Scores answers against the quiz. Unanswered questions are wrong; ids not in the quiz are ignored. */
export function scoreQuiz(questions: readonly Question[], answers: Answers, passMark: number): QuizResult {
  const results = questions.map((q) => {
    const chosen = sorted(answers[q.id] ?? []);
    const expected = sorted(q.answers);
    return { id: q.id, chosen, correct: chosen.length === expected.length && chosen.every((c, i) => c === expected[i]) };
  });
  const correct = results.filter((r) => r.correct).length;
  const total = questions.length;
  const score = Math.round((correct / total) * 1000) / 1000;
  // Compare counts, not rounded shares: 4 of 5 meets a pass mark of 0.8 exactly.
  return { correct, total, score, passed: correct >= Math.ceil(passMark * total - 1e-9), questions: results };
}

/** The quiz as a seller sees it before answering: no answers, only whether several options may be right. */
export function questionsForTaker(questions: readonly Question[]) {
  return questions.map((q) => ({ id: q.id, prompt: q.prompt, options: q.options, multiple: q.answers.length > 1 }));
}
