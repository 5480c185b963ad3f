import { sql, type Selectable } from 'kysely';
import type { AppContext } from '../../context.js';
import type { Database } from '../../db/schema.js';
import { hasRole, isMemberOf, isStaff, type Actor } from '../../platform/actor.js';
import { appendHistory, enqueueOutbox, type Tx } from '../../platform/history.js';
import { applyTransition } from '../../platform/transition.js';
import { conflict, forbidden, notFound, validationError } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { TRAINING_EDITORS, trainingModuleMachine, type TrainingModuleStatus } from './machine.js';
import { QuestionsSchema, questionsForTaker, scoreQuiz, type Answers, type Question, type QuestionResult } from './quiz.js';

/**
 * Seller training: staff write bilingual modules with a quiz and publish them; a seller's member reads a module and
 * answers its quiz, scored here. The first pass of a module version records the seller's completion, which the
 * evaluation counts (src/modules/evaluation/inputs.ts) and which marks the seller for recompute through its outbox
 * event (the outbox trigger of 0012).
 */

type ModuleRow = Selectable<Database['training_modules']>;
type AttemptRow = Selectable<Database['training_attempts']>;

export interface Bilingual {
  en: string;
  zh: string;
}

export interface ModuleInput {
  slug?: string;
  title: Bilingual;
  summary: Bilingual;
  content: Bilingual;
  questions: Question[];
  passMark: number;
  position: number;
}

interface StoredAnswers {
  chosen: Answers;
  results: QuestionResult[];
}

/** The row type predates 0016's statuses (draft, published, archived). */
const statusOf = (row: ModuleRow) => row.status as string as TrainingModuleStatus;
const isEditor = (actor: Actor) => hasRole(actor, ...TRAINING_EDITORS);
const iso = (d: Date | string) => new Date(d).toISOString();

function questionsOf(row: ModuleRow): Question[] {
  return (typeof row.questions === 'string' ? JSON.parse(row.questions) : row.questions) as Question[];
}

function moduleBase(row: ModuleRow) {
  return {
    id: row.id,
    slug: row.slug,
    status: statusOf(row),
    version: row.version,
    position: row.position,
    title: { en: row.title_en, zh: row.title_zh },
    summary: { en: row.summary_en, zh: row.summary_zh },
    passMark: Number(row.pass_mark),
    questionCount: questionsOf(row).length,
    updatedAt: iso(row.updated_at),
  };
}

/** A module as a seller reads it: content and the quiz without its answers. */
export function presentForTaker(row: ModuleRow) {
  return { ...moduleBase(row), content: { en: row.content_en, zh: row.content_zh }, questions: questionsForTaker(questionsOf(row)) };
}

/** A module as its editors see it: the answers too, and what they may do next. */
export function presentForEditor(row: ModuleRow, actor: Actor) {
  const status = statusOf(row);
  return {
    ...moduleBase(row),
    content: { en: row.content_en, zh: row.content_zh },
    questions: questionsOf(row),
    createdAt: iso(row.created_at),
    actions: trainingModuleMachine.transitions.filter((t) => t.from.includes(status) && t.by.some((r) => actor.roles.includes(r as never))).map((t) => t.event),
  };
}

function answersOf(row: AttemptRow): StoredAnswers {
  return (typeof row.answers === 'string' ? JSON.parse(row.answers) : row.answers) as StoredAnswers;
}

/**
 * An attempt as its seller sees it. Which questions were wrong is always shown; the right options only once the
 * attempt passed, so a failed attempt cannot be turned into the answer sheet.
 */
export function presentAttempt(row: AttemptRow, module: ModuleRow | undefined, completionRecorded?: boolean) {
  const stored = answersOf(row);
  const sameVersion = module && module.version === row.module_version;
  const key = new Map((sameVersion ? questionsOf(module) : []).map((q) => [q.id, q.answers]));
  return {
    id: row.id,
    moduleId: row.module_id,
    moduleVersion: row.module_version,
    moduleTitle: module ? { en: module.title_en, zh: module.title_zh } : null,
    sellerId: row.seller_id,
    userId: row.user_id,
    correct: row.correct,
    total: row.total,
    score: Number(row.score),
    passed: row.passed,
    passMark: module ? Number(module.pass_mark) : null,
    ...(completionRecorded === undefined ? {} : { completionRecorded }),
    questions: stored.results.map((r) => ({ id: r.id, chosen: r.chosen, correct: r.correct, answers: row.passed ? (key.get(r.id) ?? null) : null })),
    createdAt: iso(row.created_at),
  };
}

async function findModule(db: AppContext['db'] | Tx, idOrSlug: string) {
  return db.selectFrom('training_modules').selectAll().where((eb) => eb.or([eb('id', '=', idOrSlug), eb('slug', '=', idOrSlug)])).executeTakeFirst();
}

/** Members of the seller and staff; anyone else gets a 404, so a seller's existence does not leak. */
function authoriseSeller(actor: Actor, sellerId: string) {
  if (!isMemberOf(actor, sellerId) && !isStaff(actor)) throw notFound('Seller');
}

function requireEditor(actor: Actor) {
  if (!isEditor(actor)) throw forbidden('Only compliance officers and admins manage training.');
}

// ---- sellers ----------------------------------------------------------------------------------

/** Published modules with the seller's completion of each (any version, and of the current one) and last attempt. */
export async function sellerTraining(ctx: AppContext, actor: Actor, sellerId: string) {
  authoriseSeller(actor, sellerId);
  const seller = await ctx.db.selectFrom('sellers').select('id').where('id', '=', sellerId).executeTakeFirst();
  if (!seller) throw notFound('Seller');
  const modules = await ctx.db.selectFrom('training_modules').selectAll().where('status', '=', 'published' as never).orderBy('position').orderBy('id').execute();
  const completions = await ctx.db
    .selectFrom('training_completions')
    .select(['module_id', 'module_version', 'completed_at'])
    .where('seller_id', '=', sellerId)
    .orderBy('completed_at')
    .execute();
  const last = await sql<{ module_id: string; id: string; passed: boolean; score: string; created_at: Date; attempts: number }>`
    SELECT DISTINCT ON (module_id) module_id, id, passed, score, created_at, count(*) OVER (PARTITION BY module_id) AS attempts
    FROM training_attempts WHERE seller_id = ${sellerId} ORDER BY module_id, created_at DESC, id DESC`.execute(ctx.db);
  const lastBy = new Map(last.rows.map((r) => [r.module_id, r]));
  return {
    sellerId,
    modules: modules.map((m) => {
      const done = completions.filter((c) => c.module_id === m.id);
      const latest = done.at(-1);
      const a = lastBy.get(m.id);
      return {
        ...moduleBase(m),
        completed: latest ? { version: latest.module_version, at: iso(latest.completed_at) } : null,
        currentVersionCompleted: done.some((c) => c.module_version === m.version),
        attempts: a ? Number(a.attempts) : 0,
        lastAttempt: a ? { id: a.id, passed: a.passed, score: Number(a.score), at: iso(a.created_at) } : null,
      };
    }),
  };
}

/** One module to read and take: published ones for every signed-in user, drafts and archived ones for editors. */
export async function getModule(ctx: AppContext, actor: Actor, idOrSlug: string) {
  const row = await findModule(ctx.db, idOrSlug);
  if (!row || (statusOf(row) !== 'published' && !isEditor(actor))) throw notFound('Training module');
  return presentForTaker(row);
}

function resolveSeller(actor: Actor, sellerId: string | undefined): string | null {
  if (sellerId) {
    if (!isMemberOf(actor, sellerId)) throw notFound('Seller');
    return sellerId;
  }
  if (actor.memberships.length === 1) return actor.memberships[0].sellerId;
  if (actor.memberships.length > 1) throw validationError([{ field: 'body.sellerId', message: 'is required for a member of several sellers' }]);
  // Staff may try a module; their attempt counts for no seller.
  if (isStaff(actor)) return null;
  throw forbidden('Only a seller’s members take training.');
}

/**
 * A member answers a published module's quiz for their seller. Scored from the stored quiz; the first pass of this
 * version records the completion (once: the completions key) with a history row and a `seller.training_completed`
 * event, which marks the seller for the incremental recompute.
 */
export async function submitAttempt(ctx: AppContext, actor: Actor, idOrSlug: string, input: { sellerId?: string; answers: Answers }) {
  if (actor.kind !== 'user' || !actor.id) throw forbidden('Only a signed-in member takes training.');
  const userId = actor.id;
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const found = await findModule(trx, idOrSlug);
    if (!found || (statusOf(found) !== 'published' && !isEditor(actor))) throw notFound('Training module');
    // Shared lock: an edit (a new version) waits until this attempt is recorded against the version it answered.
    const module = await trx.selectFrom('training_modules').selectAll().where('id', '=', found.id).forShare().executeTakeFirstOrThrow();
    const sellerId = resolveSeller(actor, input.sellerId);
    const questions = questionsOf(module);
    const known = new Set(questions.map((q) => q.id));
    const problems = Object.entries(input.answers).flatMap(([id, chosen]) => {
      if (!known.has(id)) return [{ field: `body.answers.${id}`, message: 'is not a question of this module' }];
      const q = questions.find((x) => x.id === id)!;
      return chosen.some((c) => c >= q.options.length) ? [{ field: `body.answers.${id}`, message: `options are numbered 0–${q.options.length - 1}` }] : [];
    });
    if (problems.length) throw validationError(problems);

    const result = scoreQuiz(questions, input.answers, Number(module.pass_mark));
    const id = newId('trn', now.getTime());
    const stored: StoredAnswers = { chosen: input.answers, results: result.questions };
    const attempt = await trx
      .insertInto('training_attempts')
      .values({
        id,
        module_id: module.id,
        module_version: module.version,
        user_id: userId,
        seller_id: sellerId,
        answers: JSON.stringify(stored),
        correct: result.correct,
        total: result.total,
        score: result.score,
        passed: result.passed,
        created_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await appendHistory(trx, {
      entityType: 'training_attempt',
      entityId: id,
      event: 'submit',
      from: null,
      to: result.passed ? 'passed' : 'failed',
      actor,
      sellerId,
      data: { moduleId: module.id, version: module.version, correct: result.correct, total: result.total },
      at: now,
    });

    let completionRecorded = false;
    if (result.passed && sellerId) {
      const completed = await trx
        .insertInto('training_completions')
        .values({ seller_id: sellerId, module_id: module.id, module_version: module.version, attempt_id: id, user_id: userId, completed_at: now })
        .onConflict((oc) => oc.columns(['seller_id', 'module_id', 'module_version']).doNothing())
        .returning('attempt_id')
        .executeTakeFirst();
      completionRecorded = completed !== undefined;
      if (completionRecorded) {
        await appendHistory(trx, {
          entityType: 'seller',
          entityId: sellerId,
          event: 'training_completed',
          from: null,
          to: 'completed',
          actor,
          sellerId,
          data: { moduleId: module.id, slug: module.slug, version: module.version, attemptId: id },
          at: now,
        });
        await enqueueOutbox(trx, {
          type: 'seller.training_completed',
          entityType: 'seller',
          entityId: sellerId,
          sellerId,
          payload: { sellerId, moduleId: module.id, slug: module.slug, version: module.version, attemptId: id, userId, completedAt: now.toISOString() },
          at: now,
        });
      }
    }
    return presentAttempt(attempt, module, completionRecorded);
  });
}

/** A seller's attempts, newest first (members and staff). */
export async function sellerAttempts(ctx: AppContext, actor: Actor, sellerId: string, opts: { moduleId?: string; limit: number; offset: number }) {
  authoriseSeller(actor, sellerId);
  let q = ctx.db.selectFrom('training_attempts').selectAll().where('seller_id', '=', sellerId);
  if (opts.moduleId) q = q.where('module_id', '=', opts.moduleId);
  const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(opts.limit).offset(opts.offset).execute();
  const ids = [...new Set(rows.map((r) => r.module_id))];
  const modules = ids.length ? await ctx.db.selectFrom('training_modules').selectAll().where('id', 'in', ids).execute() : [];
  const byId = new Map(modules.map((m) => [m.id, m]));
  return { attempts: rows.map((r) => presentAttempt(r, byId.get(r.module_id))) };
}

/** One attempt: to its taker, the seller's members and staff; a 404 to anyone else. */
export async function getAttempt(ctx: AppContext, actor: Actor, attemptId: string) {
  const row = await ctx.db.selectFrom('training_attempts').selectAll().where('id', '=', attemptId).executeTakeFirst();
  const mine = row && actor.id !== null && row.user_id === actor.id;
  if (!row || !(mine || isStaff(actor) || (row.seller_id !== null && isMemberOf(actor, row.seller_id)))) throw notFound('Training attempt');
  const module = await ctx.db.selectFrom('training_modules').selectAll().where('id', '=', row.module_id).executeTakeFirst();
  return presentAttempt(row, module);
}

// ---- editors ----------------------------------------------------------------------------------

export async function listModulesForEditor(ctx: AppContext, actor: Actor) {
  requireEditor(actor);
  const rows = await ctx.db.selectFrom('training_modules').selectAll().orderBy('position').orderBy('id').execute();
  const counts = await ctx.db
    .selectFrom('training_completions')
    .select(['module_id', (eb) => eb.fn.count<number>(sql`DISTINCT seller_id`).as('sellers')])
    .groupBy('module_id')
    .execute();
  const by = new Map(counts.map((c) => [c.module_id, Number(c.sellers)]));
  return { modules: rows.map((r) => ({ ...presentForEditor(r, actor), sellersCompleted: by.get(r.id) ?? 0 })) };
}

export async function getModuleForEditor(ctx: AppContext, actor: Actor, idOrSlug: string) {
  requireEditor(actor);
  const row = await findModule(ctx.db, idOrSlug);
  if (!row) throw notFound('Training module');
  return presentForEditor(row, actor);
}

export function slugify(title: string): string {
  const s = title
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return s || 'module';
}

function checkQuestions(questions: unknown): Question[] {
  const parsed = QuestionsSchema.safeParse(questions);
  if (!parsed.success) throw validationError(parsed.error.issues.map((i) => ({ field: ['body', 'questions', ...i.path].join('.'), message: i.message })));
  return parsed.data;
}

async function slugTaken(trx: Tx, slug: string, exceptId: string | null) {
  let q = trx.selectFrom('training_modules').select('id').where('slug', '=', slug);
  if (exceptId) q = q.where('id', '<>', exceptId);
  return (await q.executeTakeFirst()) !== undefined;
}

/** A new module, as a draft (sellers see it once published). */
export async function createModule(ctx: AppContext, actor: Actor, input: ModuleInput) {
  requireEditor(actor);
  const questions = checkQuestions(input.questions);
  const now = ctx.clock.now();
  const slug = input.slug ?? slugify(input.title.en);
  return ctx.db.transaction().execute(async (trx) => {
    if (await slugTaken(trx, slug, null)) throw conflict('slug_taken', `Another module already uses the slug “${slug}”.`, { field: 'body.slug' });
    const id = newId('trn', now.getTime());
    const row = await trx
      .insertInto('training_modules')
      .values({
        id,
        slug,
        title_en: input.title.en,
        title_zh: input.title.zh,
        summary_en: input.summary.en,
        summary_zh: input.summary.zh,
        content_en: input.content.en,
        content_zh: input.content.zh,
        questions: JSON.stringify(questions),
        pass_mark: input.passMark,
        position: input.position,
        // 0016 widened the status to draft | published | archived (the row type in visibility.ts predates it)
        status: 'draft' as never,
        version: 1,
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await appendHistory(trx, { entityType: 'training_module', entityId: id, event: 'create', from: null, to: statusOf(row), actor, data: { slug, version: 1 }, at: now });
    return presentForEditor(row, actor);
  });
}

/**
 * Edits a module. Once a module has been published, changing what a seller reads or answers (title, content, quiz,
 * pass mark) makes a new version: completions of earlier versions still count, and sellers may complete the new one.
 */
export async function updateModule(ctx: AppContext, actor: Actor, idOrSlug: string, input: Partial<ModuleInput>) {
  requireEditor(actor);
  const questions = input.questions === undefined ? undefined : checkQuestions(input.questions);
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const found = await findModule(trx, idOrSlug);
    if (!found) throw notFound('Training module');
    const row = await trx.selectFrom('training_modules').selectAll().where('id', '=', found.id).forUpdate().executeTakeFirstOrThrow();
    if (input.slug !== undefined && input.slug !== row.slug && (await slugTaken(trx, input.slug, row.id))) {
      throw conflict('slug_taken', `Another module already uses the slug “${input.slug}”.`, { field: 'body.slug' });
    }
    const next = {
      slug: input.slug ?? row.slug,
      title_en: input.title?.en ?? row.title_en,
      title_zh: input.title?.zh ?? row.title_zh,
      summary_en: input.summary?.en ?? row.summary_en,
      summary_zh: input.summary?.zh ?? row.summary_zh,
      content_en: input.content?.en ?? row.content_en,
      content_zh: input.content?.zh ?? row.content_zh,
      questions: JSON.stringify(questions ?? questionsOf(row)),
      pass_mark: input.passMark ?? Number(row.pass_mark),
      position: input.position ?? row.position,
    };
    const learnerFacing =
      next.title_en !== row.title_en || next.title_zh !== row.title_zh || next.content_en !== row.content_en || next.content_zh !== row.content_zh ||
      next.summary_en !== row.summary_en || next.summary_zh !== row.summary_zh || next.pass_mark !== Number(row.pass_mark) ||
      (questions !== undefined && JSON.stringify(questions) !== JSON.stringify(questionsOf(row)));
    const everPublished = statusOf(row) !== 'draft';
    const version = learnerFacing && everPublished ? row.version + 1 : row.version;
    const updated = await trx
      .updateTable('training_modules')
      .set({ ...next, version, updated_at: now })
      .where('id', '=', row.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await appendHistory(trx, {
      entityType: 'training_module',
      entityId: row.id,
      event: 'edit',
      from: statusOf(row),
      to: statusOf(row),
      actor,
      data: { fromVersion: row.version, version, fields: Object.keys(input) },
      at: now,
    });
    if (version !== row.version && statusOf(row) === 'published') {
      await enqueueOutbox(trx, {
        type: 'training.module_updated',
        entityType: 'training_module',
        entityId: row.id,
        payload: { id: row.id, slug: updated.slug, version },
        at: now,
      });
    }
    return presentForEditor(updated, actor);
  });
}

/** Publish or archive, through the module's transition table. */
export async function transitionModule(ctx: AppContext, actor: Actor, idOrSlug: string, event: 'publish' | 'archive') {
  requireEditor(actor);
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const found = await findModule(trx, idOrSlug);
    if (!found) throw notFound('Training module');
    if (event === 'publish') checkQuestions(questionsOf(found));
    await applyTransition(trx, {
      machine: trainingModuleMachine,
      table: 'training_modules',
      id: found.id,
      event,
      actor,
      at: now,
      data: { version: found.version },
      outbox: { type: event === 'publish' ? 'training.module_published' : 'training.module_archived', payload: { slug: found.slug, version: found.version } },
    });
    const row = await trx.selectFrom('training_modules').selectAll().where('id', '=', found.id).executeTakeFirstOrThrow();
    return presentForEditor(row, actor);
  });
}

