import { z } from 'zod';
import { Paging, problemResponses, type ZodApp } from '../../http/types.js';
import type { AppContext } from '../../context.js';
import * as search from './service.js';
import { trustedCsv, trustedSellers } from './trusted.js';

const Explain = z
  .object({
    relevance: z.number(),
    trustScore: z.number(),
    trustScoreKnown: z.boolean(),
    boost: z.number(),
    trustMultiplier: z.number(),
    demoted: z.boolean(),
    demotionFactor: z.number(),
    finalRank: z.number(),
    position: z.number().int(),
    formula: z.string(),
  })
  .optional()
  .describe('Staff only (explain=true)');

const Flag = z.enum(['true', 'false']).default('false');

export function searchRoutes(app: ZodApp, ctx: AppContext) {
  app.get(
    '/api/v1/search/sellers',
    {
      schema: {
        tags: ['search'],
        summary: 'Search sellers by name (full text; Chinese as substrings), ranked by relevance × trust boost',
        description: 'Suspended and banned sellers never appear; restricted and search-demoted ones rank lower. explain=true is for staff.',
        querystring: Paging.extend({
          q: z.string().max(200).optional(),
          country: z.string().regex(/^[A-Za-z]{2}$/).optional(),
          tier: z.enum(['trusted', 'good', 'fair', 'at_risk']).optional(),
          minRating: z.coerce.number().min(1).max(5).optional(),
          explain: Flag,
        }),
        response: {
          200: z.object({
            total: z.number().int(),
            limit: z.number().int(),
            offset: z.number().int(),
            results: z.array(
              z.object({
                id: z.string(),
                shopName: z.string(),
                country: z.string(),
                verified: z.boolean(),
                tier: z.string().nullable(),
                rating: z.object({ average: z.number().nullable(), count: z.number().int() }),
                explain: Explain,
              }),
            ),
          }),
          ...problemResponses,
        },
      },
    },
    async (request) => search.searchSellers(ctx, request.actor ?? null, { ...request.query, explain: request.query.explain === 'true' }),
  );

  app.get(
    '/api/v1/search/listings',
    {
      schema: {
        tags: ['search'],
        summary: 'Search listings (title and description), ranked by relevance × the seller’s trust boost',
        description: 'maxPrice is in minor units. Listings of suspended and banned sellers never appear. explain=true is for staff.',
        querystring: Paging.extend({
          q: z.string().max(200).optional(),
          category: z.string().max(200).optional(),
          maxPrice: z.coerce.number().int().min(0).optional(),
          explain: Flag,
        }),
        response: {
          200: z.object({
            total: z.number().int(),
            limit: z.number().int(),
            offset: z.number().int(),
            results: z.array(
              z.object({
                id: z.string(),
                title: z.string(),
                category: z.string(),
                currency: z.string(),
                price: z.number(),
                shippingCharge: z.number(),
                seller: z.object({ id: z.string(), shopName: z.string(), country: z.string(), tier: z.string().nullable() }),
                explain: Explain,
              }),
            ),
          }),
          ...problemResponses,
        },
      },
    },
    async (request) => search.searchListings(ctx, request.actor ?? null, { ...request.query, explain: request.query.explain === 'true' }),
  );

  const Trusted = z.object({
    sellerId: z.string(),
    externalId: z.string().nullable(),
    shopName: z.string(),
    country: z.string(),
    region: z.string(),
    trustScore: z.number().int(),
    trustedSince: z.string(),
    rating: z.number().nullable(),
    reviews: z.number().int(),
  });
  const Country = z.object({ country: z.string().regex(/^[A-Za-z]{2}$/).optional() });

  app.get(
    '/api/v1/trusted-sellers.csv',
    { schema: { tags: ['search'], summary: 'The trusted-seller list as CSV (trusted tier, verified, no sanction in force)', querystring: Country } },
    async (request, reply) => {
      const csv = trustedCsv(await trustedSellers(ctx, request.query));
      return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="trusted-sellers.csv"').send(csv);
    },
  );

  app.get(
    '/api/v1/trusted-sellers.json',
    {
      schema: { tags: ['search'], summary: 'The trusted-seller list as JSON (export)', querystring: Country, response: { 200: z.object({ generatedAt: z.string(), sellers: z.array(Trusted) }), ...problemResponses } },
    },
    async (request) => ({ generatedAt: ctx.clock.now().toISOString(), sellers: await trustedSellers(ctx, request.query) }),
  );

  app.get(
    '/api/v1/trusted-sellers',
    {
      schema: {
        tags: ['search'],
        summary: 'The public trusted-seller page: a page of the list and the countries in it',
        querystring: Paging.merge(Country),
        response: { 200: z.object({ total: z.number().int(), countries: z.array(z.string()), sellers: z.array(Trusted) }), ...problemResponses },
      },
    },
    async (request) => {
      const all = await trustedSellers(ctx);
      const list = request.query.country ? all.filter((s) => s.country === request.query.country!.toUpperCase()) : all;
      return { total: list.length, countries: [...new Set(all.map((s) => s.country))].sort(), sellers: list.slice(request.query.offset, request.query.offset + request.query.limit) };
    },
  );
}
