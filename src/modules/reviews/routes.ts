import { z } from 'zod';
import { requireActor } from '../../http/auth.js';
import { IdParam, Paging, problemResponses, type ZodApp } from '../../http/types.js';
import type { AppContext } from '../../context.js';
import * as reviews from './service.js';

const Stars = z.number().int().min(1).max(5);

const ReviewSchema = z.object({
  id: z.string(),
  orderId: z.string(),
  sellerId: z.string(),
  source: z.string(),
  overall: z.number().int(),
  itemAsDescribed: z.number().int().nullable(),
  communication: z.number().int().nullable(),
  shippingSpeed: z.number().int().nullable(),
  title: z.string(),
  text: z.string(),
  status: z.string().describe('published, held (abusive text waiting for a moderator) or removed'),
  negative: z.boolean().describe('1 or 2 stars'),
  reply: z.object({ text: z.string(), at: z.string().nullable(), status: z.string() }).nullable(),
  moderation: z.object({ heldTerms: z.array(z.string()), reason: z.string().nullable() }).optional(),
  createdAt: z.string(),
});

const RatingSchema = z.object({
  count: z.number().int(),
  average: z.number().nullable(),
  negative: z.number().int(),
  stars: z.record(z.string(), z.number().int()),
  itemAsDescribed: z.number().nullable(),
  communication: z.number().nullable(),
  shippingSpeed: z.number().nullable(),
});

export function reviewRoutes(app: ZodApp, ctx: AppContext) {
  app.post(
    '/api/v1/orders/:id/review',
    {
      schema: {
        tags: ['reviews'],
        summary: 'The buyer reviews a delivered order, once, within the review window',
        description: 'Only the order’s buyer (others get 404). 409 for a second review; 422 before delivery or after the window. Abusive text is held for moderation.',
        params: IdParam(),
        body: z
          .object({
            overall: Stars,
            itemAsDescribed: Stars,
            communication: Stars,
            shippingSpeed: Stars,
            title: z.string().trim().max(200).default(''),
            text: z.string().trim().max(5000).default(''),
          })
          .strict(),
        response: { 201: ReviewSchema, ...problemResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await reviews.submitReview(ctx, requireActor(request), request.params.id, request.body)),
  );

  app.get(
    '/api/v1/orders/:id/review',
    {
      schema: {
        tags: ['reviews'],
        summary: "The order's review state: whether its buyer may review it now, the window, and its review",
        description: 'For the buyer, the seller’s members and staff (others get 404). reason: reviewed, not_delivered, window_closed, or null when reviewable.',
        params: IdParam(),
        response: {
          200: z.object({
            orderId: z.string(),
            sellerId: z.string(),
            reviewable: z.boolean(),
            reason: z.enum(['reviewed', 'not_delivered', 'window_closed']).nullable(),
            windowDays: z.number().int(),
            closesAt: z.string().nullable(),
            review: ReviewSchema.nullable(),
          }),
          ...problemResponses,
        },
      },
    },
    async (request) => reviews.orderReviewState(ctx, requireActor(request), request.params.id),
  );

  app.get(
    '/api/v1/sellers/:id/reviews/received',
    {
      schema: {
        tags: ['reviews'],
        summary: 'The reviews a seller received, with its own replies as written (members and staff)',
        description: 'unanswered=true keeps reviews without a reply; negative=true those of 1–2 stars. Others get 404.',
        params: IdParam(),
        querystring: Paging.extend({ negative: z.enum(['true', 'false']).default('false'), unanswered: z.enum(['true', 'false']).default('false') }),
        response: {
          200: z.object({
            sellerId: z.string(),
            shopName: z.string(),
            total: z.number().int(),
            unanswered: z.number().int(),
            limit: z.number().int(),
            offset: z.number().int(),
            reviews: z.array(ReviewSchema),
          }),
          ...problemResponses,
        },
      },
    },
    async (request) =>
      reviews.receivedReviews(ctx, requireActor(request), request.params.id, {
        negative: request.query.negative === 'true',
        unanswered: request.query.unanswered === 'true',
        limit: request.query.limit,
        offset: request.query.offset,
      }),
  );

  app.post(
    '/api/v1/reviews/:id/reply',
    {
      schema: {
        tags: ['reviews'],
        summary: 'The seller replies to a review, once',
        params: IdParam(),
        body: z.object({ text: z.string().trim().min(1).max(5000) }).strict(),
        response: { 200: ReviewSchema, ...problemResponses },
      },
    },
    async (request) => reviews.replyToReview(ctx, requireActor(request), request.params.id, request.body.text),
  );

  app.get(
    '/api/v1/reviews/held',
    {
      schema: { tags: ['reviews'], summary: 'Moderation queue: held reviews and replies (staff)', querystring: Paging, response: { 200: z.object({ reviews: z.array(ReviewSchema) }), ...problemResponses } },
    },
    async (request) => reviews.heldReviews(ctx, requireActor(request), request.query),
  );

  app.post(
    '/api/v1/reviews/:id/moderate',
    {
      schema: {
        tags: ['reviews'],
        summary: 'Publish or remove a review or its reply, with a reason (staff)',
        params: IdParam(),
        body: z.object({ action: z.enum(['publish', 'remove']), target: z.enum(['review', 'reply']).default('review'), reason: z.string().trim().min(1).max(1000) }).strict(),
        response: { 200: ReviewSchema, ...problemResponses },
      },
    },
    async (request) => reviews.moderateReview(ctx, requireActor(request), request.params.id, request.body),
  );

  app.get(
    '/api/v1/sellers/:id/reviews',
    {
      schema: {
        tags: ['reviews'],
        summary: "A seller's published reviews (public profile), newest first; negative=true for 1–2 stars",
        params: IdParam(),
        querystring: Paging.extend({ negative: z.enum(['true', 'false']).default('false') }),
        response: { 200: z.object({ total: z.number().int(), limit: z.number().int(), offset: z.number().int(), reviews: z.array(ReviewSchema) }), ...problemResponses },
      },
    },
    async (request) => reviews.sellerReviews(ctx, request.params.id, { negative: request.query.negative === 'true', limit: request.query.limit, offset: request.query.offset }),
  );

  app.get(
    '/api/v1/sellers/:id/public',
    {
      schema: {
        tags: ['reviews'],
        summary: 'The public seller profile: shop, country, verification, ratings, tier and trusted badge',
        description: 'Suspended, banned and unverified sellers are not public (404).',
        params: IdParam(),
        response: {
          200: z.object({
            id: z.string(),
            shopName: z.string(),
            country: z.string(),
            region: z.string().nullable(),
            verified: z.boolean(),
            memberSince: z.string(),
            rating: RatingSchema,
            tier: z.string().nullable(),
            trustScore: z.number().int().nullable(),
            trusted: z.boolean(),
          }),
          ...problemResponses,
        },
      },
    },
    async (request) => reviews.publicProfile(ctx, request.params.id),
  );
}
