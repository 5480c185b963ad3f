import { sql } from 'kysely';
import type { AppContext } from '../context.js';
import { ManualClock } from '../shared/clock.js';
import { DemoTimeline } from './timeline.js';
import { seedDemoTrust } from './trust.js';
import { BUYERS, createAccount, DEMO_PASSWORD, sellerEmail, STAFF } from './accounts.js';
import { SELLERS, type Story } from './catalogue.js';
import { stepsFor, type Step } from './stories.js';
import { seedDemoOrders } from './orders.js';
import { seedDemoCases } from './cases.js';
import { seedDemoDisputes } from './disputes.js';

export interface DemoResult {
  password: string;
  logins: { role: string; email: string }[];
}

// Short enough that "seller: <label>" lines up in the start-up banner.
const STORY_LABELS: Record<Story, string> = {
  draft_partial: 'draft',
  draft_complete: 'draft+docs',
  submitted: 'submitted',
  under_review: 'in review',
  revision_requested: 'revision',
  resubmitted: 'resubmitted',
  verified: 'verified',
  expiring: 'expiring',
  rejected: 'rejected',
  reverification: 'reverifying',
};

/** Empty means no seller and no account other than an administrator configured for the first start. */
async function isEmpty(ctx: AppContext): Promise<boolean> {
  const seller = await ctx.db.selectFrom('sellers').select('id').limit(1).executeTakeFirst();
  if (seller) return false;
  const user = await ctx.db.selectFrom('users').select('id').where(sql<boolean>`NOT ('admin' = ANY(roles))`).limit(1).executeTakeFirst();
  return !user;
}

/**
 * Seeds the demo marketplace on an empty database; returns the logins to print, or null if not empty.
 * The sellers' histories are played forward on a clock that starts months back, step by step with the
 * scheduler's due tasks in between, so every timestamp, warning and expiry lands where real use puts it.
 */
export async function seedDemoIfEmpty(ctx: AppContext): Promise<DemoResult | null> {
  if (!(await isEmpty(ctx))) return null;
  const now = ctx.clock.now();
  const earliest = Math.max(...SELLERS.map((s) => s.daysAgo)) + 1;
  const clock = new ManualClock(new Date(now.getTime() - earliest * 86_400_000));
  const demo: AppContext = { ...ctx, clock };

  const staff = [];
  for (const spec of STAFF) staff.push(await createAccount(demo, spec));
  for (const spec of BUYERS) await createAccount(demo, spec);
  const cast = { admin: staff[0], officer: staff[1] };

  const timeline = new DemoTimeline(demo, clock, 'demo seed');
  for (const s of SELLERS) {
    const owner = await createAccount(demo, { email: sellerEmail(s.n), name: s.owner.nameZh, roles: ['seller'], locale: 'zh-CN' });
    timeline.addAll(stepsFor(demo, s, owner, cast, now));
  }
  await timeline.playUntil(now.getTime());

  // Orders in every state for the active sellers, with their own buyers and carrier feed.
  const orders = await seedDemoOrders(ctx, { password: DEMO_PASSWORD });
  await seedDemoCases(ctx, { password: DEMO_PASSWORD });
  await seedDemoDisputes(ctx, { password: DEMO_PASSWORD });
  await seedDemoTrust(ctx, { password: DEMO_PASSWORD });

  const logins = [
    ...STAFF.map((a) => ({ role: a.roles[0], email: a.email })),
    ...BUYERS.map((a) => ({ role: 'buyer', email: a.email })),
    ...SELLERS.map((s) => ({ role: `seller: ${STORY_LABELS[s.story]}`, email: sellerEmail(s.n) })),
    ...orders.logins.map((l) => ({ role: `${l.role} (orders)`, email: l.email })),
  ];
  const seen = new Set<string>();
  return { password: DEMO_PASSWORD, logins: logins.filter((l) => !seen.has(l.email) && seen.add(l.email)) };
}

