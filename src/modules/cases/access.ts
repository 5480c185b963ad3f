import type { Selectable } from 'kysely';
import type { DB } from '../../db/database.js';
import type { CaseTables } from '../../db/tables/cases.js';
import type { Role } from '../../db/tables/identity.js';
import { STAFF_ROLES, hasRole, isMemberOf, type Actor } from '../../platform/actor.js';
import { forbidden, notFound } from '../../shared/errors.js';
import { seesEverything } from '../orders/access.js';

export type CaseRow = Selectable<CaseTables['cases']>;

/** Staff and the platform integration see every case; a buyer their own; a seller's members their seller's. */
export function canSeeCase(actor: Actor, c: { buyer_id: string; seller_id: string }): boolean {
  if (seesEverything(actor)) return true;
  if (actor.kind === 'user' && actor.id === c.buyer_id) return true;
  return isMemberOf(actor, c.seller_id);
}

/**
 * The case the actor may see, locked when asked; otherwise a 404, so another buyer's or seller's case does not
 * exist for them. Commands lock first, then decide: two commands on one case run one after the other.
 */
export async function visibleCase(db: DB, actor: Actor, caseId: string, options: { forUpdate?: boolean } = {}): Promise<CaseRow> {
  let q = db.selectFrom('cases').selectAll().where('id', '=', caseId);
  if (options.forUpdate) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row || !canSeeCase(actor, row)) throw notFound('Case');
  return row;
}

export type CaseRole = 'buyer' | 'seller';

/**
 * The actor as the case's transition table sees them: `buyer` only for this case's buyer, `seller` only for a
 * member of this case's seller, plus their staff roles (an API key keeps only its staff roles and fires as `integration`).
 * A seller of another shop therefore never fires a seller's move here, whatever roles they hold.
 */
export function caseActor(actor: Actor, c: { buyer_id: string; seller_id: string }): Actor {
  if (actor.kind === 'system') return actor;
  // An API key is never a case's buyer or seller, whatever roles it was given: it acts as staff or integration.
  if (actor.kind === 'api_key') return { ...actor, roles: actor.roles.filter((r) => r === 'integration' || STAFF_ROLES.includes(r)) };
  const roles: Role[] = [];
  if (actor.id === c.buyer_id) roles.push('buyer');
  if (isMemberOf(actor, c.seller_id)) roles.push('seller');
  for (const r of actor.roles) if (STAFF_ROLES.includes(r) && !roles.includes(r)) roles.push(r);
  return { ...actor, roles };
}

/** Which side of the case the actor is on, for the thread and the list; staff are `staff`. */
export function sideOf(actor: Actor, c: { buyer_id: string; seller_id: string }): 'buyer' | 'seller' | 'staff' | 'integration' {
  if (actor.kind === 'user' && actor.id === c.buyer_id) return 'buyer';
  if (isMemberOf(actor, c.seller_id)) return 'seller';
  if (actor.kind === 'api_key') return 'integration';
  return 'staff';
}

export function requireSupport(actor: Actor): void {
  if (!hasRole(actor, 'support_agent', 'admin')) throw forbidden('Only support agents and admins may do this.');
}

export function requireInspector(actor: Actor): void {
  if (!hasRole(actor, 'qc_inspector')) throw forbidden('Only a QC inspector may do this.');
}
