import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { AppContext } from '../../context.js';
import type { DeliveryStatus } from '../../db/tables/webhooks.js';
import { hasRole, type Actor } from '../../platform/actor.js';
import { appendHistory, enqueueOutbox, type Tx } from '../../platform/history.js';
import { conflict, forbidden, notFound, validationError } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { MAX_ATTEMPTS } from './dispatcher.js';
import { isValidSubscription, listEventTypes, TEST_EVENT_TYPE, type EventTypeInfo } from './event-types.js';

export interface EndpointView {
  id: string;
  url: string;
  description: string;
  eventTypes: string[];
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
  stats: { pending: number; succeeded: number; failed: number };
}

export interface DeliveryView {
  id: string;
  endpointId: string;
  eventType: string;
  outboxId: string;
  status: DeliveryStatus;
  attempts: number;
  maxAttempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  lastDurationMs: number | null;
  lastAttemptAt: string | null;
  nextAttemptAt: string | null;
  createdAt: string;
  succeededAt: string | null;
}

type EndpointRow = {
  id: string;
  url: string;
  description: string;
  event_types: string[];
  enabled: boolean;
  created_at: Date;
  updated_at: Date;
};

type DeliveryRow = {
  id: string;
  endpoint_id: string;
  outbox_id: string;
  event_type: string;
  status: DeliveryStatus;
  attempts: number;
  max_attempts: number;
  next_attempt_at: Date | null;
  last_attempt_at: Date | null;
  last_status_code: number | null;
  last_error: string | null;
  last_duration_ms: number | null;
  created_at: Date;
  succeeded_at: Date | null;
};

const ENDPOINT_COLUMNS = ['id', 'url', 'description', 'event_types', 'enabled', 'created_at', 'updated_at'] as const;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function endpointView(row: EndpointRow, stats: EndpointView['stats'] = { pending: 0, succeeded: 0, failed: 0 }): EndpointView {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    eventTypes: row.event_types,
    enabled: row.enabled,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    stats,
  };
}

export function deliveryView(row: DeliveryRow): DeliveryView {
  return {
    id: row.id,
    endpointId: row.endpoint_id,
    eventType: row.event_type,
    outboxId: row.outbox_id,
    status: row.status,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    lastStatusCode: row.last_status_code,
    lastError: row.last_error,
    lastDurationMs: row.last_duration_ms,
    lastAttemptAt: iso(row.last_attempt_at),
    nextAttemptAt: row.status === 'pending' ? iso(row.next_attempt_at) : null,
    createdAt: row.created_at.toISOString(),
    succeededAt: iso(row.succeeded_at),
  };
}

function requireAdmin(actor: Actor) {
  if (!hasRole(actor, 'admin')) throw forbidden('Only an admin may manage webhooks.');
}

/** Standard Webhooks secret: `whsec_` and 32 random bytes in base64. */
function newSigningSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

function checkEventTypes(eventTypes: string[] | undefined) {
  if (!eventTypes) return;
  const problems = eventTypes
    .map((t, i) => ({ t, i }))
    .filter(({ t }) => !isValidSubscription(t))
    .map(({ t, i }) => ({
      field: `body.eventTypes.${i}`,
      message: `unknown event type ${JSON.stringify(t)}; use '*', a family such as 'seller.*', or a type from GET /api/v1/admin/webhook-event-types`,
    }));
  if (problems.length) throw validationError(problems);
}

async function statsFor(ctx: AppContext, endpointIds: string[]): Promise<Map<string, EndpointView['stats']>> {
  const out = new Map<string, EndpointView['stats']>();
  if (endpointIds.length === 0) return out;
  const rows = await ctx.db
    .selectFrom('webhook_deliveries')
    .select(['endpoint_id', 'status', sql<number>`count(*)::int`.as('n')])
    .where('endpoint_id', 'in', endpointIds)
    .groupBy(['endpoint_id', 'status'])
    .execute();
  for (const r of rows) {
    const s = out.get(r.endpoint_id) ?? { pending: 0, succeeded: 0, failed: 0 };
    s[r.status] = Number(r.n);
    out.set(r.endpoint_id, s);
  }
  return out;
}

async function loadEndpoint(ctx: AppContext, id: string): Promise<EndpointView> {
  const row = await ctx.db.selectFrom('webhook_endpoints').select(ENDPOINT_COLUMNS).where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Webhook endpoint');
  return endpointView(row, (await statsFor(ctx, [id])).get(id));
}

async function lockEndpoint(trx: Tx, id: string) {
  const row = await trx.selectFrom('webhook_endpoints').select([...ENDPOINT_COLUMNS, 'secret']).where('id', '=', id).forUpdate().executeTakeFirst();
  if (!row) throw notFound('Webhook endpoint');
  return row;
}

const stateOf = (enabled: boolean) => (enabled ? 'enabled' : 'disabled');

export function eventTypes(actor: Actor): EventTypeInfo[] {
  requireAdmin(actor);
  return listEventTypes();
}

// ---- endpoints --------------------------------------------------------------------------------

export async function listEndpoints(ctx: AppContext, actor: Actor): Promise<EndpointView[]> {
  requireAdmin(actor);
  const rows = await ctx.db.selectFrom('webhook_endpoints').select(ENDPOINT_COLUMNS).orderBy('created_at', 'desc').execute();
  const stats = await statsFor(
    ctx,
    rows.map((r) => r.id),
  );
  return rows.map((r) => endpointView(r, stats.get(r.id)));
}

export async function getEndpoint(ctx: AppContext, actor: Actor, id: string): Promise<EndpointView> {
  requireAdmin(actor);
  return loadEndpoint(ctx, id);
}

export async function createEndpoint(
  ctx: AppContext,
  actor: Actor,
  input: { url: string; description?: string; eventTypes: string[] },
): Promise<EndpointView & { secret: string }> {
  requireAdmin(actor);
  checkEventTypes(input.eventTypes);
  const now = ctx.clock.now();
  const id = newId('whk', now.getTime());
  const secret = newSigningSecret();
  const eventTypes = [...new Set(input.eventTypes)];
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('webhook_endpoints')
      .values({
        id,
        url: input.url,
        description: input.description ?? '',
        secret,
        event_types: eventTypes,
        enabled: true,
        created_by: actor.id ?? 'system',
        created_at: now,
        updated_at: now,
      })
      .execute();
    await appendHistory(trx, {
      entityType: 'webhook_endpoint',
      entityId: id,
      event: 'create',
      from: null,
      to: 'enabled',
      actor,
      data: { url: input.url, eventTypes },
      at: now,
    });
  });
  return { ...(await loadEndpoint(ctx, id)), secret };
}

export async function updateEndpoint(
  ctx: AppContext,
  actor: Actor,
  id: string,
  patch: { url?: string; description?: string; eventTypes?: string[]; enabled?: boolean },
): Promise<EndpointView> {
  requireAdmin(actor);
  checkEventTypes(patch.eventTypes);
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const before = await lockEndpoint(trx, id);
    const set: { url?: string; description?: string; event_types?: string[]; enabled?: boolean; updated_at: Date } = { updated_at: now };
    if (patch.url !== undefined) set.url = patch.url;
    if (patch.description !== undefined) set.description = patch.description;
    if (patch.eventTypes !== undefined) set.event_types = [...new Set(patch.eventTypes)];
    if (patch.enabled !== undefined) set.enabled = patch.enabled;
    await trx.updateTable('webhook_endpoints').set(set).where('id', '=', id).execute();
    const enabled = patch.enabled ?? before.enabled;
    await appendHistory(trx, {
      entityType: 'webhook_endpoint',
      entityId: id,
      event: patch.enabled === undefined || patch.enabled === before.enabled ? 'update' : patch.enabled ? 'enable' : 'disable',
      from: stateOf(before.enabled),
      to: stateOf(enabled),
      actor,
      data: { url: set.url, description: set.description, eventTypes: set.event_types },
      at: now,
    });
  });
  return loadEndpoint(ctx, id);
}

export async function rotateSecret(ctx: AppContext, actor: Actor, id: string): Promise<EndpointView & { secret: string }> {
  requireAdmin(actor);
  const now = ctx.clock.now();
  const secret = newSigningSecret();
  await ctx.db.transaction().execute(async (trx) => {
    const before = await lockEndpoint(trx, id);
    await trx.updateTable('webhook_endpoints').set({ secret, updated_at: now }).where('id', '=', id).execute();
    await appendHistory(trx, {
      entityType: 'webhook_endpoint',
      entityId: id,
      event: 'rotate_secret',
      from: stateOf(before.enabled),
      to: stateOf(before.enabled),
      actor,
      at: now,
    });
  });
  return { ...(await loadEndpoint(ctx, id)), secret };
}

/** Queues a `webhook.test` event for this endpoint alone, whatever it subscribes to. */
export async function sendTestEvent(ctx: AppContext, actor: Actor, id: string): Promise<{ outboxId: string; delivery: DeliveryView }> {
  requireAdmin(actor);
  const now = ctx.clock.now();
  const deliveryId = newId('dlv', now.getTime());
  const outboxId = await ctx.db.transaction().execute(async (trx) => {
    const endpoint = await lockEndpoint(trx, id);
    if (!endpoint.enabled) throw conflict('endpoint_disabled', 'This endpoint is disabled; enable it before sending a test event.');
    const obx = await enqueueOutbox(trx, {
      type: TEST_EVENT_TYPE,
      entityType: 'webhook_endpoint',
      entityId: id,
      payload: { endpointId: id, message: 'This is a test event from Arbiter.', requestedBy: actor.id },
      at: now,
    });
    // Addressed to one endpoint: the fan-out must not hand it to the others.
    await trx.updateTable('outbox').set({ dispatched_at: now }).where('id', '=', obx).execute();
    await trx
      .insertInto('webhook_deliveries')
      .values({
        id: deliveryId,
        endpoint_id: id,
        outbox_id: obx,
        event_type: TEST_EVENT_TYPE,
        status: 'pending',
        attempts: 0,
        max_attempts: MAX_ATTEMPTS,
        next_attempt_at: now,
        created_at: now,
      })
      .execute();
    return obx;
  });
  return { outboxId, delivery: await loadDelivery(ctx, deliveryId) };
}

// ---- deliveries -------------------------------------------------------------------------------

async function loadDelivery(ctx: AppContext, id: string): Promise<DeliveryView> {
  const row = await ctx.db.selectFrom('webhook_deliveries').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Webhook delivery');
  return deliveryView(row);
}

export async function listDeliveries(
  ctx: AppContext,
  actor: Actor,
  endpointId: string,
  filter: { status?: DeliveryStatus; limit: number; offset: number },
): Promise<DeliveryView[]> {
  requireAdmin(actor);
  const endpoint = await ctx.db.selectFrom('webhook_endpoints').select('id').where('id', '=', endpointId).executeTakeFirst();
  if (!endpoint) throw notFound('Webhook endpoint');
  let q = ctx.db.selectFrom('webhook_deliveries').selectAll().where('endpoint_id', '=', endpointId);
  if (filter.status) q = q.where('status', '=', filter.status);
  const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(filter.limit).offset(filter.offset).execute();
  return rows.map(deliveryView);
}

/** One delivery with the exact event body that is (or was) sent. */
export async function getDelivery(ctx: AppContext, actor: Actor, id: string): Promise<DeliveryView & { payload: Record<string, unknown> }> {
  requireAdmin(actor);
  const row = await ctx.db
    .selectFrom('webhook_deliveries')
    .innerJoin('outbox', 'outbox.id', 'webhook_deliveries.outbox_id')
    .selectAll('webhook_deliveries')
    .select('outbox.payload')
    .where('webhook_deliveries.id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound('Webhook delivery');
  const { payload, ...delivery } = row;
  return { ...deliveryView(delivery), payload };
}

/** Puts a failed delivery back in the queue, due now, with one more attempt allowed. */
export async function retryDelivery(ctx: AppContext, actor: Actor, id: string): Promise<DeliveryView> {
  requireAdmin(actor);
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('webhook_deliveries').select(['id', 'status', 'attempts']).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!row) throw notFound('Webhook delivery');
    if (row.status !== 'failed') {
      throw conflict('delivery_not_failed', `Only a failed delivery can be retried; this one is ${row.status}.`, { deliveryStatus: row.status });
    }
    await trx
      .updateTable('webhook_deliveries')
      .set({ status: 'pending', next_attempt_at: now, max_attempts: row.attempts + 1 })
      .where('id', '=', id)
      .execute();
  });
  return loadDelivery(ctx, id);
}
