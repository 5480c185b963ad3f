import { sql } from 'kysely';
import type { AppContext } from '../context.js';
import { createUser } from '../modules/identity/service.js';
import { systemActor, type Actor } from '../platform/actor.js';

/**
 * The people a demo story acts as. The stories run after the demo's sellers and staff exist and use them; run on
 * their own (a test seeding one story into an empty database) they make the few accounts they need.
 */

const ADMIN: Actor = { ...systemActor, roles: ['admin'] };

/** The first active user with the role, or one made with the fallback's e-mail and name. */
export async function staffMember(
  ctx: AppContext,
  role: 'qc_inspector' | 'support_agent' | 'compliance_officer',
  fallback: { email: string; name: string },
  password: string,
): Promise<Actor> {
  let user = await ctx.db
    .selectFrom('users')
    .select(['id', 'name'])
    .where(sql<boolean>`${role} = ANY(roles)`)
    .where('status', '=', 'active')
    .orderBy('created_at')
    .orderBy('id')
    .executeTakeFirst();
  if (!user) user = await createUser(ctx, ADMIN, { email: fallback.email, name: fallback.name, password, roles: [role] });
  return { kind: 'user', id: user.id, name: user.name, roles: [role], memberships: [], locale: 'en' };
}

/** The shop a story makes for itself when the database has no active seller. */
export interface FallbackShop {
  id: string;
  externalId: string;
  legalName: string;
  shopName: string;
  region: string;
  contactName: string;
  contactEmail: string;
  contactPhone: string;
  ownerName: string;
}

/** Two active sellers with a member each: the demo's own, or the fallback shop made here when there is none. */
export async function activeShops(ctx: AppContext, password: string, fallback: FallbackShop): Promise<{ id: string; actor: Actor }[]> {
  const rows = await ctx.db
    .selectFrom('sellers')
    .innerJoin('seller_members', 'seller_members.seller_id', 'sellers.id')
    .select(['sellers.id', 'seller_members.user_id', 'seller_members.member_role'])
    .where('sellers.status', '=', 'active')
    .orderBy('sellers.created_at')
    .orderBy('sellers.id')
    .orderBy('seller_members.created_at')
    .execute();
  const picked: { id: string; userId: string; role: 'owner' | 'staff' }[] = [];
  for (const r of rows) if (!picked.some((p) => p.id === r.id) && picked.length < 2) picked.push({ id: r.id, userId: r.user_id, role: r.member_role });
  if (picked.length === 0) {
    const now = ctx.clock.now();
    await ctx.db
      .insertInto('sellers')
      .values({
        id: fallback.id,
        external_id: fallback.externalId,
        legal_name: fallback.legalName,
        shop_name: fallback.shopName,
        country: 'CN',
        region: fallback.region,
        business_type: 'company',
        contact_name: fallback.contactName,
        contact_email: fallback.contactEmail,
        contact_phone: fallback.contactPhone,
        storefronts: JSON.stringify([]),
        status: 'active',
        verified_at: now,
        created_at: now,
        updated_at: now,
      })
      .execute();
    const user = await createUser(ctx, ADMIN, { email: fallback.contactEmail, name: fallback.ownerName, password, roles: ['seller'], locale: 'zh-CN' });
    await ctx.db.insertInto('seller_members').values({ seller_id: fallback.id, user_id: user.id, member_role: 'owner', created_at: now }).execute();
    picked.push({ id: fallback.id, userId: user.id, role: 'owner' });
  }
  const out = [];
  for (const p of picked) {
    const u = await ctx.db.selectFrom('users').select(['name']).where('id', '=', p.userId).executeTakeFirstOrThrow();
    out.push({ id: p.id, actor: { kind: 'user' as const, id: p.userId, name: u.name, roles: ['seller' as const], memberships: [{ sellerId: p.id, memberRole: p.role }], locale: 'zh-CN' as const } });
  }
  return out;
}
