import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { hasRole, isMemberOf, isStaff, type Actor } from '../../platform/actor.js';
import { forbidden, notFound } from '../../shared/errors.js';

/** The platform's own systems: an API key with the integration role. */
export function isIntegration(actor: Actor): boolean {
  return actor.kind === 'api_key' && hasRole(actor, 'integration');
}

/** Who may push orders and scans in: integrations and admins. */
export function requireIngester(actor: Actor): void {
  if (!(isIntegration(actor) || hasRole(actor, 'admin'))) throw forbidden('Only the platform integration or an admin may send orders and carrier events.');
}

/** Staff and integrations see every order; buyers their own; seller members their seller's. */
export function canSeeOrder(actor: Actor, order: { buyer_id: string; seller_id: string }): boolean {
  if (isIntegration(actor) || isStaff(actor)) return true;
  if (actor.kind === 'user' && actor.id === order.buyer_id) return true;
  return isMemberOf(actor, order.seller_id);
}

export function seesEverything(actor: Actor): boolean {
  return isIntegration(actor) || isStaff(actor);
}

/** The order the actor may see, or a 404 (an order they may not see does not exist for them). */
export async function visibleOrder(db: Kysely<Database>, actor: Actor, orderId: string, options: { forUpdate?: boolean } = {}) {
  let q = db.selectFrom('orders').selectAll().where('id', '=', orderId);
  if (options.forUpdate) q = q.forUpdate();
  const order = await q.executeTakeFirst();
  if (!order || !canSeeOrder(actor, order)) throw notFound('Order');
  return order;
}

/** The seller's side of an order: its members (and, for dispatch, the platform integration). */
export function requireSellerSide(actor: Actor, order: { seller_id: string }, options: { allowIntegration?: boolean } = {}): void {
  if (isMemberOf(actor, order.seller_id)) return;
  if (options.allowIntegration && isIntegration(actor)) return;
  throw forbidden("Only the seller's members may do this.");
}

export function requireBuyerOf(actor: Actor, order: { buyer_id: string }): void {
  if (actor.kind === 'user' && actor.id === order.buyer_id) return;
  throw forbidden('Only the buyer may do this.');
}
