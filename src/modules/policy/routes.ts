import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { requireActor } from '../../http/auth.js';
import { problemResponses, type ZodApp } from '../../http/types.js';
import * as drafts from './drafts.js';
import { activate, dryRun } from './dry-run.js';

const tags = ['policy'];
const VersionParam = z.object({ version: z.coerce.number().int().min(1).max(1_000_000) });
const Obj = z.object({}).passthrough();
const ok = { 200: Obj, ...problemResponses };

export function policyRoutes(app: ZodApp, ctx: AppContext) {
  app.get('/api/v1/policy/active', { schema: { tags, summary: 'The policy in force: every number the platform holds sellers and buyers to', response: ok } }, async (request) => {
    requireActor(request);
    return drafts.getActive(ctx);
  });
  app.get('/api/v1/admin/policy/versions', { schema: { tags, summary: 'Every policy version (draft, active, retired), newest first', response: ok } }, async (request) =>
    drafts.listVersions(ctx, requireActor(request)),
  );
  app.get('/api/v1/admin/policy/versions/:version', { schema: { tags, summary: 'One policy version with its document', params: VersionParam, response: ok } }, async (request) =>
    drafts.getVersion(ctx, requireActor(request), request.params.version),
  );
  app.post(
    '/api/v1/admin/policy/drafts',
    {
      schema: {
        tags,
        summary: 'Start a draft from the active policy (or from another version)',
        body: z.object({ note: z.string().trim().max(2000).optional(), fromVersion: z.number().int().min(1).optional() }).strict().optional(),
        response: { 201: Obj, ...problemResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await drafts.createDraft(ctx, requireActor(request), request.body ?? {})),
  );
  app.patch(
    '/api/v1/admin/policy/drafts/:version',
    {
      schema: {
        tags,
        summary: "Edit a draft: `document` is merged into it (objects key by key, arrays replaced, null restores the default) and checked against the policy schema; errors name the field",
        params: VersionParam,
        body: z.object({ document: z.record(z.string(), z.unknown()).optional(), note: z.string().trim().max(2000).optional() }).strict(),
        response: ok,
      },
    },
    async (request) => drafts.patchDraft(ctx, requireActor(request), request.params.version, request.body),
  );
  app.post(
    '/api/v1/admin/policy/drafts/:version/dry-run',
    {
      schema: {
        tags,
        summary: 'Replay the last days under the draft without keeping anything: which sellers would gain or lose points, be sanctioned, change status or tier',
        params: VersionParam,
        response: ok,
      },
    },
    async (request) => ({ ...(await dryRun(ctx, requireActor(request), request.params.version)) }),
  );
  app.post(
    '/api/v1/admin/policy/drafts/:version/activate',
    { schema: { tags, summary: 'Activate the draft (the active version retires) and apply it as the dry run showed', params: VersionParam, response: ok } },
    async (request) => ({ ...(await activate(ctx, requireActor(request), request.params.version)) }),
  );
}
