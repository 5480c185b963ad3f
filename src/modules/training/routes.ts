import { z } from 'zod';
import { requireActor } from '../../http/auth.js';
import { IdParam, Paging, problemResponses, type ZodApp } from '../../http/types.js';
import type { AppContext } from '../../context.js';
import { Bilingual } from './quiz.js';
import * as training from './service.js';

const Text2 = z.object({ en: z.string(), zh: z.string() });
const Status = z.enum(['draft', 'published', 'archived']);

const ModuleBase = {
  id: z.string(),
  slug: z.string(),
  status: Status,
  version: z.number().int().describe('Grows when a published module’s content or quiz is edited'),
  position: z.number().int(),
  title: Text2,
  summary: Text2,
  passMark: z.number().describe('Share of questions to get right, 0–1'),
  questionCount: z.number().int(),
  updatedAt: z.string(),
};

const TakerModule = z.object({
  ...ModuleBase,
  content: Text2,
  questions: z.array(z.object({ id: z.string(), prompt: Text2, options: z.array(Text2), multiple: z.boolean().describe('More than one option is right') })),
});

const EditorQuestion = z.object({ id: z.string(), prompt: Text2, options: z.array(Text2), answers: z.array(z.number().int()) });
const EditorModule = z.object({
  ...ModuleBase,
  content: Text2,
  questions: z.array(EditorQuestion),
  createdAt: z.string(),
  actions: z.array(z.string()),
});

const Attempt = z.object({
  id: z.string(),
  moduleId: z.string(),
  moduleVersion: z.number().int(),
  moduleTitle: Text2.nullable(),
  sellerId: z.string().nullable(),
  userId: z.string(),
  correct: z.number().int(),
  total: z.number().int(),
  score: z.number(),
  passed: z.boolean(),
  passMark: z.number().nullable(),
  completionRecorded: z.boolean().optional().describe('This attempt was the seller’s first pass of this module version'),
  questions: z.array(
    z.object({ id: z.string(), chosen: z.array(z.number().int()), correct: z.boolean(), answers: z.array(z.number().int()).nullable().describe('The right options, shown once the attempt passed') }),
  ),
  createdAt: z.string(),
});

const Slug = z.string().trim().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lowercase words joined by -').max(80);
const ModuleBody = z
  .object({
    slug: Slug.optional(),
    title: Bilingual(200),
    summary: z.object({ en: z.string().trim().max(500), zh: z.string().trim().max(500) }).strict().default({ en: '', zh: '' }),
    content: Bilingual(20_000),
    // checked in full by the service (indices against options), which names the failing field
    questions: z.array(z.unknown()).min(1).max(20),
    passMark: z.number().gt(0).max(1),
    position: z.number().int().min(0).max(10_000).default(0),
  })
  .strict();

export function trainingRoutes(app: ZodApp, ctx: AppContext) {
  app.get(
    '/api/v1/sellers/:id/training',
    {
      schema: {
        tags: ['training'],
        summary: 'Published training modules with the seller’s completion of each (members and staff)',
        params: IdParam(),
        response: {
          200: z.object({
            sellerId: z.string(),
            modules: z.array(
              z.object({
                ...ModuleBase,
                completed: z.object({ version: z.number().int(), at: z.string() }).nullable(),
                currentVersionCompleted: z.boolean(),
                attempts: z.number().int(),
                lastAttempt: z.object({ id: z.string(), passed: z.boolean(), score: z.number(), at: z.string() }).nullable(),
              }),
            ),
          }),
          ...problemResponses,
        },
      },
    },
    async (request) => training.sellerTraining(ctx, requireActor(request), request.params.id),
  );

  app.get(
    '/api/v1/sellers/:id/training/attempts',
    {
      schema: {
        tags: ['training'],
        summary: 'The seller’s quiz attempts, newest first (members and staff)',
        params: IdParam(),
        querystring: Paging.extend({ moduleId: z.string().max(64).optional() }),
        response: { 200: z.object({ attempts: z.array(Attempt) }), ...problemResponses },
      },
    },
    async (request) => training.sellerAttempts(ctx, requireActor(request), request.params.id, request.query),
  );

  app.get(
    '/api/v1/training/modules/:id',
    {
      schema: {
        tags: ['training'],
        summary: 'A published module (by id or slug): content in English and Chinese and its quiz, without the answers',
        params: IdParam(),
        response: { 200: TakerModule, ...problemResponses },
      },
    },
    async (request) => training.getModule(ctx, requireActor(request), request.params.id),
  );

  app.post(
    '/api/v1/training/modules/:id/attempts',
    {
      schema: {
        tags: ['training'],
        summary: 'Answer the quiz for a seller; scored on the server',
        description:
          'answers: question id → the indices of the options chosen. A question is right when exactly its right options are chosen. The first pass of a module version records the seller’s completion; passing again records nothing more. sellerId is needed only for a member of several sellers.',
        params: IdParam(),
        body: z
          .object({
            sellerId: z.string().max(64).optional(),
            answers: z.record(z.string().max(40), z.array(z.number().int().min(0).max(7)).max(8)),
          })
          .strict(),
        response: { 201: Attempt, ...problemResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await training.submitAttempt(ctx, requireActor(request), request.params.id, request.body)),
  );

  app.get(
    '/api/v1/training/attempts/:id',
    { schema: { tags: ['training'], summary: 'One quiz attempt (its taker, the seller’s members, staff)', params: IdParam(), response: { 200: Attempt, ...problemResponses } } },
    async (request) => training.getAttempt(ctx, requireActor(request), request.params.id),
  );

  // ---- staff -------------------------------------------------------------------------------------
  app.get(
    '/api/v1/admin/training/modules',
    {
      schema: {
        tags: ['training'],
        summary: 'Every module with its answers and how many sellers completed it (compliance officers and admins)',
        response: { 200: z.object({ modules: z.array(EditorModule.extend({ sellersCompleted: z.number().int() })) }), ...problemResponses },
      },
    },
    async (request) => training.listModulesForEditor(ctx, requireActor(request)),
  );

  app.get(
    '/api/v1/admin/training/modules/:id',
    { schema: { tags: ['training'], summary: 'One module with its answers (compliance officers and admins)', params: IdParam(), response: { 200: EditorModule, ...problemResponses } } },
    async (request) => training.getModuleForEditor(ctx, requireActor(request), request.params.id),
  );

  app.post(
    '/api/v1/admin/training/modules',
    {
      schema: {
        tags: ['training'],
        summary: 'Create a module as a draft',
        description: 'questions: [{id, prompt: {en, zh}, options: [{en, zh}], answers: [option index, …]}]; passMark: share of questions to get right.',
        body: ModuleBody,
        response: { 201: EditorModule, ...problemResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await training.createModule(ctx, requireActor(request), request.body as training.ModuleInput)),
  );

  app.patch(
    '/api/v1/admin/training/modules/:id',
    {
      schema: {
        tags: ['training'],
        summary: 'Edit a module; on a published module a change of content or quiz makes a new version',
        params: IdParam(),
        body: ModuleBody.partial().strict(),
        response: { 200: EditorModule, ...problemResponses },
      },
    },
    async (request) => training.updateModule(ctx, requireActor(request), request.params.id, request.body as Partial<training.ModuleInput>),
  );

  for (const event of ['publish', 'archive'] as const) {
    app.post(
      `/api/v1/admin/training/modules/:id/${event}`,
      {
        schema: {
          tags: ['training'],
          summary: event === 'publish' ? 'Publish a draft or archived module to sellers' : 'Archive a module (completions made still count)',
          params: IdParam(),
          response: { 200: EditorModule, ...problemResponses },
        },
      },
      async (request) => training.transitionModule(ctx, requireActor(request), request.params.id, event),
    );
  }
}
