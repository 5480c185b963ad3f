import { z } from 'zod';
import { requireActor } from '../../http/auth.js';
import { problemResponses, type ZodApp } from '../../http/types.js';
import type { AppContext } from '../../context.js';
import { CARRIER_CODES, validateTrackingNumber } from '../../domain/tracking/index.js';

const Carrier = z.enum(CARRIER_CODES);

export function trackingRoutes(app: ZodApp, _ctx: AppContext) {
  app.post(
    '/api/v1/tracking-numbers/validate',
    {
      schema: {
        tags: ['logistics'],
        summary: 'Check a tracking number as it is typed: which carriers it fits, and why not',
        description:
          'Normalises the number (trim, no spaces or dashes, upper case). Without `carrier`, `valid` is true when any ' +
          "carrier's format matches and `carriers` lists them; with `carrier`, only that carrier's format counts. " +
          'S10 and the international carriers are checked with their check digits; the Chinese carriers publish none, ' +
          'so their numbers are checked by shape.',
        body: z.object({ number: z.string().max(100), carrier: Carrier.optional() }),
        response: {
          200: z.object({ valid: z.boolean(), carriers: z.array(Carrier), reason: z.string().nullable(), normalized: z.string() }),
          ...problemResponses,
        },
      },
    },
    async (request) => {
      requireActor(request);
      return validateTrackingNumber(request.body.number, request.body.carrier);
    },
  );
}
