import { sql } from 'kysely';
import { Webhook } from 'standardwebhooks';
import type { AppContext } from '../../context.js';
import { newId } from '../../shared/ids.js';
import { matchesEventType } from './event-types.js';

/** Waits after failed attempt 1, 2, …; the delivery fails after the last one (7 attempts in all). */
export const RETRY_SCHEDULE_MS = [30_000, 120_000, 600_000, 3_600_000, 21_600_000, 86_400_000];
export const MAX_ATTEMPTS = RETRY_SCHEDULE_MS.length + 1;
/** Each wait is stretched or shrunk by up to this fraction, so failing receivers are not hit in lockstep. */
export const JITTER = 0.2;
export const DELIVERY_TIMEOUT_MS = 10_000;
/** How far a claim pushes `next_attempt_at`: past the call's timeout, so no other replica takes the row meanwhile. */
const CLAIM_LEASE_MS = DELIVERY_TIMEOUT_MS + 50_000;
const MAX_ERROR_LENGTH = 500;
const RESPONSE_EXCERPT_BYTES = 300;
const USER_AGENT = 'Arbiter-Webhooks/1.0';

export function retryDelay(failedAttempt: number, random: () => number = Math.random): number {
  const base = RETRY_SCHEDULE_MS[Math.min(failedAttempt, RETRY_SCHEDULE_MS.length) - 1];
  return Math.round(base * (1 - JITTER + 2 * JITTER * random()));
}

// ---- fan-out: outbox → one delivery per subscribed endpoint ----------------------------------

/**
 * Claims undispatched outbox rows in batches (FOR UPDATE SKIP LOCKED, so replicas split the work), creates
 * a delivery for every enabled endpoint whose event types match, and marks the rows dispatched — all in one
 * transaction per batch. Returns the number of outbox rows handled.
 */
export async function fanOutOutbox(ctx: AppContext, options: { batchSize?: number; maxBatches?: number } = {}): Promise<number> {
  const batchSize = options.batchSize ?? 200;
  const maxBatches = options.maxBatches ?? 20;
  let handled = 0;
  for (let batch = 0; batch < maxBatches; batch++) {
    const n = await ctx.db.transaction().execute(async (trx) => {
      const now = ctx.clock.now();
      const events = (
        await sql<{ id: string; event_type: string }>`
          SELECT id, event_type FROM outbox
          WHERE dispatched_at IS NULL
          ORDER BY created_at, id
          LIMIT ${batchSize}
          FOR UPDATE SKIP LOCKED`.execute(trx)
      ).rows;
      if (events.length === 0) return 0;
      const endpoints = await trx.selectFrom('webhook_endpoints').select(['id', 'event_types']).where('enabled', '=', true).execute();
      const deliveries = events.flatMap((e) =>
        endpoints
          .filter((ep) => matchesEventType(ep.event_types, e.event_type))
          .map((ep) => ({
            id: newId('dlv', now.getTime()),
            endpoint_id: ep.id,
            outbox_id: e.id,
            event_type: e.event_type,
            status: 'pending' as const,
            attempts: 0,
            max_attempts: MAX_ATTEMPTS,
            next_attempt_at: now,
            created_at: now,
          })),
      );
      for (let i = 0; i < deliveries.length; i += 500) {
        await trx
          .insertInto('webhook_deliveries')
          .values(deliveries.slice(i, i + 500))
          .onConflict((oc) => oc.columns(['endpoint_id', 'outbox_id']).doNothing())
          .execute();
      }
      await trx
        .updateTable('outbox')
        .set({ dispatched_at: now })
        .where(
          'id',
          'in',
          events.map((e) => e.id),
        )
        .execute();
      return events.length;
    });
    handled += n;
    if (n < batchSize) break;
  }
  return handled;
}

// ---- delivery: claim → commit → call → record -------------------------------------------------

interface ClaimedDelivery {
  id: string;
  outbox_id: string;
  attempts: number;
  max_attempts: number;
  url: string;
  secret: string;
  payload: unknown;
}

export interface DeliverOptions {
  batchSize?: number;
  maxBatches?: number;
  /** Calls in flight at once. */
  concurrency?: number;
  timeoutMs?: number;
}

/**
 * Sends due deliveries. Each batch is claimed in a short transaction that counts the attempt and pushes
 * `next_attempt_at` past the call's timeout, then committed; the HTTP calls happen outside any transaction;
 * each result is recorded only if the row is still the one this replica claimed. Returns the number of
 * deliveries attempted.
 */
export async function deliverDueWebhooks(ctx: AppContext, options: DeliverOptions = {}): Promise<number> {
  const batchSize = options.batchSize ?? 50;
  const maxBatches = options.maxBatches ?? 10;
  const concurrency = options.concurrency ?? 10;
  const timeoutMs = options.timeoutMs ?? DELIVERY_TIMEOUT_MS;
  let attempted = 0;
  for (let batch = 0; batch < maxBatches; batch++) {
    const claimed = await claimDue(ctx, batchSize, Math.max(CLAIM_LEASE_MS, timeoutMs + 50_000));
    if (claimed.length === 0) break;
    let next = 0;
    const worker = async () => {
      while (next < claimed.length) {
        const d = claimed[next++];
        await deliverOne(ctx, d, timeoutMs);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, claimed.length) }, worker));
    attempted += claimed.length;
    if (claimed.length < batchSize) break;
  }
  return attempted;
}

async function claimDue(ctx: AppContext, limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
  const now = ctx.clock.now();
  const leaseUntil = new Date(now.getTime() + leaseMs);
  return ctx.db.transaction().execute(async (trx) => {
    const rows = (
      await sql<{ id: string; outbox_id: string; attempts: number; max_attempts: number; endpoint_id: string }>`
        UPDATE webhook_deliveries SET attempts = attempts + 1, last_attempt_at = ${now}, next_attempt_at = ${leaseUntil}
        WHERE id IN (
          SELECT d.id FROM webhook_deliveries d
          JOIN webhook_endpoints e ON e.id = d.endpoint_id
          WHERE d.status = 'pending' AND d.next_attempt_at <= ${now} AND e.enabled
          ORDER BY d.next_attempt_at, d.id
          LIMIT ${limit}
          FOR UPDATE OF d SKIP LOCKED)
        RETURNING id, outbox_id, attempts, max_attempts, endpoint_id`.execute(trx)
    ).rows;
    if (rows.length === 0) return [];
    const endpoints = await trx
      .selectFrom('webhook_endpoints')
      .select(['id', 'url', 'secret'])
      .where(
        'id',
        'in',
        [...new Set(rows.map((r) => r.endpoint_id))],
      )
      .execute();
    const events = await trx
      .selectFrom('outbox')
      .select(['id', 'payload'])
      .where(
        'id',
        'in',
        [...new Set(rows.map((r) => r.outbox_id))],
      )
      .execute();
    const endpointById = new Map(endpoints.map((e) => [e.id, e]));
    const payloadById = new Map(events.map((e) => [e.id, e.payload]));
    return rows.map((r) => {
      const ep = endpointById.get(r.endpoint_id)!;
      return { id: r.id, outbox_id: r.outbox_id, attempts: r.attempts, max_attempts: r.max_attempts, url: ep.url, secret: ep.secret, payload: payloadById.get(r.outbox_id) };
    });
  });
}

interface Outcome {
  ok: boolean;
  statusCode: number | null;
  error: string | null;
  durationMs: number | null;
}

async function deliverOne(ctx: AppContext, d: ClaimedDelivery, timeoutMs: number): Promise<void> {
  let outcome: Outcome;
  if (d.attempts > d.max_attempts) {
    // A replica stopped in the middle of the last attempt; do not go past the limit.
    outcome = { ok: false, statusCode: null, error: 'the last attempt was interrupted', durationMs: null };
  } else {
    outcome = await callEndpoint(ctx, d, timeoutMs);
  }
  try {
    await record(ctx, d, outcome);
  } catch (err) {
    // The lease runs out and the delivery is tried again; nothing is lost.
    ctx.log.error({ err, deliveryId: d.id }, 'could not record a webhook delivery result');
  }
}

/** POSTs the event, signed per Standard Webhooks. Never throws. */
async function callEndpoint(ctx: AppContext, d: ClaimedDelivery, timeoutMs: number): Promise<Outcome> {
  const body = JSON.stringify(d.payload);
  const sentAt = ctx.clock.now();
  let signature: string;
  try {
    signature = new Webhook(d.secret).sign(d.outbox_id, sentAt, body);
  } catch (err) {
    return { ok: false, statusCode: null, error: truncate(`cannot sign: ${(err as Error).message}`), durationMs: null };
  }
  const started = performance.now();
  try {
    const res = await ctx.fetch(d.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': USER_AGENT,
        'webhook-id': d.outbox_id,
        'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
        'webhook-signature': signature,
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    const ok = res.status >= 200 && res.status < 300;
    const excerpt = ok ? (await res.body?.cancel().catch(() => {}), '') : await readExcerpt(res);
    const durationMs = Math.round(performance.now() - started);
    return {
      ok,
      statusCode: res.status,
      error: ok ? null : truncate(`HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}${excerpt ? `: ${excerpt}` : ''}`),
      durationMs,
    };
  } catch (err) {
    const durationMs = Math.round(performance.now() - started);
    return { ok: false, statusCode: null, error: truncate(describeFetchError(err, timeoutMs)), durationMs };
  }
}

async function readExcerpt(res: Response): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < RESPONSE_EXCERPT_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } catch {
    // a body cut short is still an answer; keep what arrived
  } finally {
    await reader.cancel().catch(() => {});
  }
  const text = Buffer.concat(chunks).subarray(0, RESPONSE_EXCERPT_BYTES).toString('utf8');
  return text.replace(/\s+/g, ' ').trim();
}

function describeFetchError(err: unknown, timeoutMs: number): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return `timed out after ${timeoutMs / 1000} s`;
  const cause = e?.cause;
  if (cause?.code) return `${cause.code}${cause.message ? `: ${cause.message}` : ''}`;
  return cause?.message ?? e?.message ?? String(err);
}

function truncate(s: string): string {
  return s.length > MAX_ERROR_LENGTH ? `${s.slice(0, MAX_ERROR_LENGTH - 1)}…` : s;
}

async function record(ctx: AppContext, d: ClaimedDelivery, o: Outcome): Promise<void> {
  const now = ctx.clock.now();
  const last = d.attempts >= d.max_attempts;
  const status = o.ok ? 'succeeded' : last ? 'failed' : 'pending';
  await ctx.db
    .updateTable('webhook_deliveries')
    .set({
      status,
      last_status_code: o.statusCode,
      last_error: o.error,
      last_duration_ms: o.durationMs,
      next_attempt_at: status === 'pending' ? new Date(now.getTime() + retryDelay(d.attempts)) : null,
      succeeded_at: o.ok ? now : null,
    })
    // Only the claim this replica holds: a row re-claimed after its lease ran out is the other replica's now.
    .where('id', '=', d.id)
    .where('status', '=', 'pending')
    .where('attempts', '=', d.attempts)
    .execute();
}
