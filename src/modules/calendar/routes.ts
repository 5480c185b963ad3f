import { z } from 'zod';
import { requireActor } from '../../http/auth.js';
import { IdParam, Paging, problemResponses, type ZodApp } from '../../http/types.js';
import type { AppContext } from '../../context.js';
import { isValidDay } from '../../domain/calendar/zoned-time.js';
import * as calendar from './service.js';

const Day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD')
  .refine(isValidDay, 'is not a real calendar day')
  .refine((d) => d >= '1900-01-01' && d <= '2199-12-31', 'must be between 1900 and 2199');
const CalendarKind = z.enum(['CN', 'weekends']);
const DayKind = z.enum(['workday', 'holiday']);

const OverrideSchema = z.object({
  id: z.string(),
  calendar: CalendarKind,
  day: z.string(),
  kind: DayKind,
  note: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
});

export function calendarRoutes(app: ZodApp, ctx: AppContext) {
  app.get(
    '/api/v1/admin/calendar-overrides',
    {
      schema: {
        tags: ['admin'],
        summary: 'Business-day overrides (staff)',
        querystring: Paging.extend({ calendar: CalendarKind.optional(), from: Day.optional(), to: Day.optional() }),
        response: { 200: z.object({ items: z.array(OverrideSchema) }), ...problemResponses },
      },
    },
    async (request) => ({ items: await calendar.listOverrides(ctx, requireActor(request), request.query) }),
  );

  app.post(
    '/api/v1/admin/calendar-overrides',
    {
      schema: {
        tags: ['admin'],
        summary: 'Make a day a workday or a holiday on a calendar (admin); wins over the official calendar',
        body: z.object({ calendar: CalendarKind, day: Day, kind: DayKind, note: z.string().max(500).optional() }),
        response: { 201: OverrideSchema, ...problemResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await calendar.createOverride(ctx, requireActor(request), request.body)),
  );

  app.delete(
    '/api/v1/admin/calendar-overrides/:id',
    { schema: { tags: ['admin'], summary: 'Remove an override (admin)', params: IdParam(), response: { 204: z.null(), ...problemResponses } } },
    async (request, reply) => {
      await calendar.deleteOverride(ctx, requireActor(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/calendar/status',
    {
      schema: {
        tags: ['calendar'],
        summary: "Which years China's official holiday calendar covers, and which of this year and next are missing",
        response: {
          200: z.object({
            timeZone: z.string(),
            source: z.object({ package: z.string(), version: z.string() }),
            coveredYears: z.array(z.number().int()),
            checkedYears: z.array(z.number().int()),
            missing: z.array(z.number().int()),
            missingYearOverrides: z.array(z.object({ year: z.number().int(), overrides: z.number().int() })),
          }),
          ...problemResponses,
        },
      },
    },
    async (request) => {
      requireActor(request);
      return calendar.calendarStatus(ctx);
    },
  );
}
