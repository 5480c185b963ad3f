import type { AppContext } from '../context.js';
import { seedDemoOrders } from './orders.js';

export interface DemoResult {
  password: string;
  logins: { role: string; email: string }[];
}

/** Seeds the demo marketplace on an empty database; returns the logins to print, or null if not empty. */
export async function seedDemoIfEmpty(ctx: AppContext): Promise<DemoResult | null> {
  const anyUser = await ctx.db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  if (anyUser) return null;
  await seedDemoOrders(ctx);
  return null;
}
