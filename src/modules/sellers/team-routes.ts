import { z } from 'zod';
import { requireActor } from '../../http/auth.js';
import { IdParam, problemResponses, ProblemSchema, type ZodApp } from '../../http/types.js';
import type { AppContext } from '../../context.js';
import { APPLICATION_STATES } from '../../domain/sellers.js';
import * as members from './members.js';
import * as reapply from './reapply.js';
import { ApplicationViewSchema } from './routes.js';

/** HTTP for a seller's team (invitations, members) and for starting a rejected application again. */

const Iso = z.string();
const Locale = z.enum(['en', 'zh-CN']);
const InvitationSchema = z.object({
  id: z.string(),
  email: z.string(),
  status: z.enum(['pending', 'accepted', 'revoked', 'expired']),
  invitedBy: z.object({ id: z.string(), name: z.string().nullable() }),
  createdAt: Iso,
  expiresAt: Iso,
  acceptedAt: Iso.nullable(),
});
const TeamSchema = z.object({
  sellerId: z.string(),
  shopName: z.string(),
  members: z.array(z.object({ userId: z.string(), name: z.string(), email: z.string(), memberRole: z.enum(['owner', 'staff']), since: Iso })),
  invitations: z.array(InvitationSchema),
});
// The token travels in the body, never in a URL, so request logs do not record it.
const Token = z.string().trim().min(16, 'is not an invitation token').max(200);
const tags = ['sellers'];
const gone = { 410: ProblemSchema };

const RevisionDocument = z.object({
  id: z.string(),
  kind: z.string(),
  status: z.string(),
  version: z.number().int(),
  fileName: z.string(),
  expiresOn: z.string().nullable(),
  reviewReason: z.string().nullable(),
});
const RevisionsSchema = z.object({
  revision: z.number().int(),
  status: z.enum(APPLICATION_STATES),
  cooldownDays: z.number().int(),
  reapply: z.object({
    allowed: z.boolean(),
    availableAt: Iso.nullable().describe('When a rejected application may start again'),
    blockedBy: z.enum(['not_rejected', 'owner_only', 'seller_banned', 'cooldown']).nullable(),
  }),
  previous: z.array(
    z.object({
      revision: z.number().int(),
      status: z.string(),
      submittedAt: Iso.nullable(),
      decidedAt: Iso.nullable(),
      decisionReason: z.string().nullable(),
      reopenedAt: Iso,
      documents: z.array(RevisionDocument),
    }),
  ),
});

export function teamRoutes(app: ZodApp, ctx: AppContext) {
  const SellerParam = IdParam('sellerId');

  app.get(
    '/api/v1/sellers/:sellerId/team',
    { schema: { tags, summary: "The seller's members and open invitations (the owner; compliance may look)", params: SellerParam, response: { 200: TeamSchema, ...problemResponses } } },
    async (request) => members.getTeam(ctx, requireActor(request), request.params.sellerId),
  );

  app.post(
    '/api/v1/sellers/:sellerId/invitations',
    {
      schema: {
        tags,
        summary: 'Invite someone by e-mail to join the team as staff (owner only); the link works once, for 7 days',
        params: SellerParam,
        body: z.object({ email: z.email().max(254), locale: Locale.optional().describe('Language of the e-mail for a newcomer; Chinese by default') }).strict(),
        response: { 201: InvitationSchema, ...problemResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await members.inviteMember(ctx, requireActor(request), request.params.sellerId, request.body)),
  );

  app.post(
    '/api/v1/sellers/:sellerId/invitations/:invitationId/revoke',
    {
      schema: { tags, summary: 'Withdraw an open invitation (owner only)', params: SellerParam.extend(IdParam('invitationId').shape), response: { 200: InvitationSchema, ...problemResponses } },
    },
    async (request) => members.revokeInvitation(ctx, requireActor(request), request.params.sellerId, request.params.invitationId),
  );

  app.delete(
    '/api/v1/sellers/:sellerId/members/:userId',
    {
      schema: {
        tags,
        summary: 'Remove a member of staff (owner only); their sessions lose access to the seller at once',
        params: SellerParam.extend(IdParam('userId').shape),
        response: { 204: z.null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await members.removeMember(ctx, requireActor(request), request.params.sellerId, request.params.userId);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/invitations/preview',
    {
      schema: {
        tags,
        summary: 'What an invitation link is for (no sign-in needed): shop, address, whether it still works',
        body: z.object({ token: Token }).strict(),
        response: {
          200: z.object({
            shopName: z.string(),
            email: z.string(),
            status: z.enum(['pending', 'accepted', 'revoked', 'expired']),
            expiresAt: Iso,
            accountExists: z.boolean(),
            locale: Locale,
          }),
          ...problemResponses,
        },
      },
    },
    async (request) => members.previewInvitation(ctx, request.body.token),
  );

  app.post(
    '/api/v1/invitations/accept',
    {
      schema: {
        tags,
        summary: 'Accept an invitation: signed in, it joins this account; otherwise name and password create one',
        body: z
          .object({
            token: Token,
            name: z.string().trim().min(1, 'is required').max(120).optional(),
            password: z.string().min(10, 'must be at least 10 characters').max(200).optional(),
          })
          .strict(),
        response: {
          200: z.object({ sellerId: z.string(), shopName: z.string(), memberRole: z.enum(['staff']), userId: z.string(), email: z.string(), newAccount: z.boolean() }),
          ...problemResponses,
          ...gone,
        },
      },
    },
    async (request) => members.acceptInvitation(ctx, request.actor, request.body),
  );

  app.get(
    '/api/v1/sellers/:sellerId/application/revisions',
    {
      schema: {
        tags,
        summary: "The application's revision, whether a rejected one may start again (and from when), and earlier revisions with their decisions and documents",
        params: SellerParam,
        response: { 200: RevisionsSchema, ...problemResponses },
      },
    },
    async (request) => reapply.getRevisions(ctx, requireActor(request), request.params.sellerId),
  );

  app.post(
    '/api/v1/sellers/:sellerId/application/reapply',
    {
      schema: {
        tags,
        summary: 'Start a rejected application again as a new revision (owner only, after the policy cooldown)',
        params: SellerParam,
        response: { 200: ApplicationViewSchema, ...problemResponses },
      },
    },
    async (request) => reapply.reapply(ctx, requireActor(request), request.params.sellerId),
  );
}
