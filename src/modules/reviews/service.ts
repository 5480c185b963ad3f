import { sql } from 'kysely';
import type { AppContext } from '../../context.js';
import { hasRole, isMemberOf, isStaff, type Actor } from '../../platform/actor.js';
import { appendHistory, enqueueOutbox } from '../../platform/history.js';
import { applyTransition } from '../../platform/transition.js';
import { conflict, forbidden, notFound, unprocessable } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { activePolicy } from '../policy/service.js';
import { abusiveTerms } from './abuse.js';
import { reviewMachine } from './machine.js';
import { publicStates, ratingSummaries } from './visibility.js';

const DAY = 86_400_000;
const MODERATOR_ROLES = ['support_agent', 'compliance_officer', 'admin'] as const;

export interface ReviewInput {
  overall: number;
  itemAsDescribed: number;
  communication: number;
  shippingSpeed: number;
  title: string;
  text: string;
}

type ReviewRow = {
  id: string; order_id: string; seller_id: string; buyer_id: string; source: string; overall: number;
  item_as_described: number | null; communication: number | null; shipping_speed: number | null; title: string; body: string;
  status: string; moderation_reason: string | null; held_terms: string[]; seller_reply: string | null; seller_replied_at: Date | null;
  reply_status: string | null; created_at: Date; updated_at: Date;
};

/** A review as its readers see it; the reply shows once published, moderation details only to staff and the author. */
export function presentReview(r: ReviewRow, opts: { moderation?: boolean } = {}) {
  const showReply = r.seller_reply !== null && (opts.moderation || r.reply_status === 'published' || r.reply_status === null);
  return {
    id: r.id,
    orderId: r.order_id,
    sellerId: r.seller_id,
    source: r.source,
    overall: r.overall,
    itemAsDescribed: r.item_as_described,
    communication: r.communication,
    shippingSpeed: r.shipping_speed,
    title: r.title,
    text: r.body,
    status: r.status,
    negative: r.overall <= 2,
    reply: showReply ? { text: r.seller_reply as string, at: r.seller_replied_at ? new Date(r.seller_replied_at).toISOString() : null, status: r.reply_status ?? 'published' } : null,
    moderation: opts.moderation ? { heldTerms: r.held_terms ?? [], reason: r.moderation_reason } : undefined,
    createdAt: new Date(r.created_at).toISOString(),
  };
}
export type PresentedReview = ReturnType<typeof presentReview>;

const REVIEW_COLUMNS = [
  'id', 'order_id', 'seller_id', 'buyer_id', 'source', 'overall', 'item_as_described', 'communication', 'shipping_speed', 'title', 'body',
  'status', 'moderation_reason', 'held_terms', 'seller_reply', 'seller_replied_at', 'reply_status', 'created_at', 'updated_at',
] as const;

/**
 * The buyer reviews a delivered order once, within the policy's window. Abusive text is held for a moderator;
 * the rest shows at once. The seller's scorecard is marked for recompute by the reviews trigger (0012).
 */
export async function submitReview(ctx: AppContext, actor: Actor, orderId: string, input: ReviewInput) {
  const { policy } = await activePolicy(ctx);
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const order = await trx
      .selectFrom('orders')
      .select(['id', 'seller_id', 'buyer_id', 'status', 'delivered_at'])
      .where('id', '=', orderId)
      .forUpdate()
      .executeTakeFirst();
    if (!order || actor.kind !== 'user' || order.buyer_id !== actor.id) throw notFound('Order');
    if (!order.delivered_at) throw unprocessable('order_not_delivered', 'The order can be reviewed once it is delivered.');
    const closes = new Date(new Date(order.delivered_at).getTime() + policy.evaluation.reviewWindowDays * DAY);
    if (now > closes) {
      throw unprocessable('review_window_closed', `Reviews are accepted for ${policy.evaluation.reviewWindowDays} days after delivery.`, { closedAt: closes.toISOString() });
    }
    const existing = await trx.selectFrom('reviews').select('id').where('order_id', '=', orderId).executeTakeFirst();
    if (existing) throw conflict('review_exists', 'This order already has a review.', { reviewId: existing.id });

    const held = abusiveTerms(input.title, input.text);
    const id = newId('rev', now.getTime());
    const inserted = await trx
      .insertInto('reviews')
      .values({
        id,
        source: 'platform',
        external_id: null,
        order_id: orderId,
        seller_id: order.seller_id,
        buyer_id: actor.id,
        overall: input.overall,
        item_as_described: input.itemAsDescribed,
        communication: input.communication,
        shipping_speed: input.shippingSpeed,
        title: input.title,
        body: input.text,
        status: held.length ? 'held' : 'published',
        held_terms: held,
        moderation_reason: held.length ? 'abusive_text' : null,
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) => oc.column('order_id').doNothing())
      .returning(REVIEW_COLUMNS)
      .executeTakeFirst();
    if (!inserted) throw conflict('review_exists', 'This order already has a review.');
    await appendHistory(trx, { entityType: 'review', entityId: id, event: 'submit', from: null, to: inserted.status, actor, sellerId: order.seller_id, at: now, data: held.length ? { heldTerms: held } : undefined });
    await enqueueOutbox(trx, {
      type: 'review.created',
      entityType: 'review',
      entityId: id,
      sellerId: order.seller_id,
      payload: { id, orderId, sellerId: order.seller_id, overall: input.overall, status: inserted.status },
      at: now,
    });
    return presentReview(inserted as ReviewRow, { moderation: true });
  });
}

/** A member of the reviewed seller replies once; an abusive reply waits for a moderator. */
export async function replyToReview(ctx: AppContext, actor: Actor, reviewId: string, text: string) {
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const r = await trx.selectFrom('reviews').select(REVIEW_COLUMNS).where('id', '=', reviewId).forUpdate().executeTakeFirst();
    if (!r || !isMemberOf(actor, r.seller_id) || r.status === 'removed') throw notFound('Review');
    if (r.seller_reply !== null) throw conflict('reply_exists', 'The seller has already replied to this review.');
    const held = abusiveTerms(text);
    const replyStatus = held.length ? 'held' : 'published';
    const updated = await trx
      .updateTable('reviews')
      .set({ seller_reply: text, seller_replied_at: now, reply_status: replyStatus, replied_by: actor.id, held_terms: held.length ? [...(r.held_terms ?? []), ...held] : r.held_terms, updated_at: now })
      .where('id', '=', reviewId)
      .returning(REVIEW_COLUMNS)
      .executeTakeFirstOrThrow();
    await appendHistory(trx, { entityType: 'review', entityId: reviewId, event: 'reply', from: r.status, to: r.status, actor, sellerId: r.seller_id, at: now, data: { replyStatus } });
    await enqueueOutbox(trx, { type: 'review.replied', entityType: 'review', entityId: reviewId, sellerId: r.seller_id, payload: { id: reviewId, replyStatus }, at: now });
    return presentReview(updated as ReviewRow, { moderation: true });
  });
}

function assertModerator(actor: Actor) {
  if (!hasRole(actor, ...MODERATOR_ROLES)) throw forbidden('Only support, compliance and admin staff moderate reviews.');
}

/** Staff publish or remove a held review (or remove a published one), or decide on a held reply, with a reason. */
export async function moderateReview(
  ctx: AppContext,
  actor: Actor,
  reviewId: string,
  input: { action: 'publish' | 'remove'; target: 'review' | 'reply'; reason: string },
) {
  assertModerator(actor);
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const r = await trx.selectFrom('reviews').select(['id', 'seller_id', 'status', 'reply_status']).where('id', '=', reviewId).executeTakeFirst();
    if (!r) throw notFound('Review');
    if (input.target === 'review') {
      await applyTransition(trx, {
        machine: reviewMachine,
        table: 'reviews',
        id: reviewId,
        event: input.action,
        actor,
        at: now,
        reason: input.reason,
        sellerId: r.seller_id,
        patch: { moderation_reason: input.reason, moderated_by: actor.id, moderated_at: now },
        outbox: { type: 'review.moderated', payload: { target: 'review', action: input.action, reason: input.reason } },
      });
    } else {
      const locked = await trx.selectFrom('reviews').select('reply_status').where('id', '=', reviewId).forUpdate().executeTakeFirstOrThrow();
      const from = locked.reply_status;
      const allowed = input.action === 'publish' ? from === 'held' : from === 'held' || from === 'published';
      if (!allowed) throw conflict('illegal_transition', `A reply that is ${from ?? 'missing'} cannot be ${input.action === 'publish' ? 'published' : 'removed'}.`);
      const to = input.action === 'publish' ? 'published' : 'removed';
      await trx.updateTable('reviews').set({ reply_status: to, moderated_by: actor.id, moderated_at: now, updated_at: now }).where('id', '=', reviewId).execute();
      await appendHistory(trx, { entityType: 'review_reply', entityId: reviewId, event: input.action, from, to, actor, reason: input.reason, sellerId: r.seller_id, at: now });
      await enqueueOutbox(trx, { type: 'review.moderated', entityType: 'review', entityId: reviewId, sellerId: r.seller_id, payload: { id: reviewId, target: 'reply', action: input.action, reason: input.reason }, at: now });
    }
    const after = await trx.selectFrom('reviews').select(REVIEW_COLUMNS).where('id', '=', reviewId).executeTakeFirstOrThrow();
    return presentReview(after as ReviewRow, { moderation: true });
  });
}

/** The moderation queue: reviews or replies held, oldest first. */
export async function heldReviews(ctx: AppContext, actor: Actor, q: { limit: number; offset: number }) {
  assertModerator(actor);
  const rows = await ctx.db
    .selectFrom('reviews')
    .select(REVIEW_COLUMNS)
    .where((eb) => eb.or([eb('status', '=', 'held'), eb('reply_status', '=', 'held')]))
    .orderBy('created_at')
    .orderBy('id')
    .limit(q.limit)
    .offset(q.offset)
    .execute();
  return { reviews: rows.map((r) => presentReview(r as ReviewRow, { moderation: true })) };
}

async function loadPublicSeller(ctx: AppContext, sellerId: string) {
  const seller = await ctx.db
    .selectFrom('sellers')
    .select(['id', 'shop_name', 'country', 'region', 'status', 'verified_at', 'created_at'])
    .where('id', '=', sellerId)
    .executeTakeFirst();
  if (!seller) throw notFound('Seller');
  const state = (await publicStates(ctx.db, [seller], ctx.clock.now())).get(seller.id)!;
  if (!state.visible) throw notFound('Seller');
  return { seller, state };
}

/** Published reviews on a seller's public profile, newest first; `negative` keeps those of 1 or 2 stars. */
export async function sellerReviews(ctx: AppContext, sellerId: string, q: { negative: boolean; limit: number; offset: number }) {
  await loadPublicSeller(ctx, sellerId);
  let query = ctx.db.selectFrom('reviews').where('seller_id', '=', sellerId).where('status', '=', 'published');
  if (q.negative) query = query.where('overall', '<=', 2);
  const [rows, total] = await Promise.all([
    query.select(REVIEW_COLUMNS).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(q.limit).offset(q.offset).execute(),
    query.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { total: total.n, limit: q.limit, offset: q.offset, reviews: rows.map((r) => presentReview(r as ReviewRow)) };
}

/** The public seller profile: shop, country, verification, rating summary, tier and the trusted badge. */
export async function publicProfile(ctx: AppContext, sellerId: string) {
  const { seller, state } = await loadPublicSeller(ctx, sellerId);
  const [ratings, card] = await Promise.all([
    ratingSummaries(ctx.db, [sellerId]),
    ctx.db.selectFrom('seller_scorecard_records').select(['score', 'tier']).where('seller_id', '=', sellerId).executeTakeFirst(),
  ]);
  const tier = card?.tier ?? null;
  return {
    id: seller.id,
    shopName: seller.shop_name,
    country: seller.country,
    region: seller.region,
    verified: state.verified,
    memberSince: new Date(seller.created_at).toISOString(),
    rating: ratings.get(sellerId)!,
    tier,
    trustScore: card?.score ?? null,
    trusted: tier === 'trusted' && state.verified && state.sanctions.length === 0,
  };
}

/**
 * Whether the order may be reviewed now, and its review if it has one: the order page offers the review form only
 * when `reviewable`. The buyer, the seller's members and staff may ask; anyone else gets 404.
 */
export async function orderReviewState(ctx: AppContext, actor: Actor, orderId: string) {
  const order = await ctx.db.selectFrom('orders').select(['id', 'seller_id', 'buyer_id', 'delivered_at']).where('id', '=', orderId).executeTakeFirst();
  const isBuyer = !!order && actor.kind === 'user' && order.buyer_id === actor.id;
  if (!order || !(isBuyer || isMemberOf(actor, order.seller_id) || isStaff(actor))) throw notFound('Order');
  const { policy } = await activePolicy(ctx);
  const now = ctx.clock.now();
  const closesAt = order.delivered_at ? new Date(new Date(order.delivered_at).getTime() + policy.evaluation.reviewWindowDays * DAY) : null;
  const row = await ctx.db.selectFrom('reviews').select(REVIEW_COLUMNS).where('order_id', '=', orderId).executeTakeFirst();
  // The author and staff see why a review is not shown; the seller sees only what the public sees of it.
  const mayModerate = isBuyer || isStaff(actor);
  const review = row && (mayModerate || row.status === 'published') ? presentReview(row as ReviewRow, { moderation: mayModerate }) : null;
  const reason: 'reviewed' | 'not_delivered' | 'window_closed' | null = row ? 'reviewed' : !closesAt ? 'not_delivered' : now > closesAt ? 'window_closed' : null;
  return {
    orderId,
    sellerId: order.seller_id,
    reviewable: isBuyer && reason === null,
    reason,
    windowDays: policy.evaluation.reviewWindowDays,
    closesAt: closesAt?.toISOString() ?? null,
    review,
  };
}

/**
 * The reviews a seller received, for its members and staff: published ones (what the public sees) with the reply
 * as the seller wrote it, even while the reply waits for a moderator. `unanswered` keeps those without a reply.
 */
export async function receivedReviews(ctx: AppContext, actor: Actor, sellerId: string, q: { negative: boolean; unanswered: boolean; limit: number; offset: number }) {
  if (!isMemberOf(actor, sellerId) && !isStaff(actor)) throw notFound('Seller');
  const seller = await ctx.db.selectFrom('sellers').select(['id', 'shop_name']).where('id', '=', sellerId).executeTakeFirst();
  if (!seller) throw notFound('Seller');
  let query = ctx.db.selectFrom('reviews').where('seller_id', '=', sellerId).where('status', '=', 'published');
  if (q.negative) query = query.where('overall', '<=', 2);
  if (q.unanswered) query = query.where('seller_reply', 'is', null);
  const [rows, total, unanswered] = await Promise.all([
    query.select(REVIEW_COLUMNS).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(q.limit).offset(q.offset).execute(),
    query.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
    ctx.db
      .selectFrom('reviews')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('seller_id', '=', sellerId)
      .where('status', '=', 'published')
      .where('seller_reply', 'is', null)
      .executeTakeFirstOrThrow(),
  ]);
  return {
    sellerId,
    shopName: seller.shop_name,
    total: total.n,
    unanswered: unanswered.n,
    limit: q.limit,
    offset: q.offset,
    // The seller sees its own reply whatever its moderation state, but not the moderators' notes on the review.
    reviews: rows.map((r) => ({ ...presentReview(r as ReviewRow, { moderation: true }), moderation: undefined })),
  };
}
