import type { Kysely } from 'kysely';
import type { AppContext } from '../../context.js';
import type { Database } from '../../db/schema.js';
import { DEFAULT_POLICY, PolicySchema, type PolicyInForce } from '../../domain/policy.js';

// Replicas pick up a newly activated policy within this long; the activating replica at once.
const CACHE_MS = 5_000;
let cached: { at: number; db: unknown; value: PolicyInForce } | null = null;

/**
 * The policy in force. Read it once per command and pass `version` along to what the command records.
 * Works inside a transaction too (pass the transaction as `db`).
 */
export async function activePolicy(ctx: Pick<AppContext, 'db'>, db: Kysely<Database> = ctx.db): Promise<PolicyInForce> {
  const now = Date.now();
  if (cached && cached.db === ctx.db && now - cached.at < CACHE_MS) return cached.value;
  const row = await db.selectFrom('policy_versions').select(['version', 'document']).where('status', '=', 'active').executeTakeFirst();
  // Documents saved under an older schema get the new fields' defaults.
  const value: PolicyInForce = row ? { version: row.version, policy: PolicySchema.parse(row.document) } : { version: 0, policy: DEFAULT_POLICY };
  cached = { at: now, db: ctx.db, value };
  return value;
}

export function forgetCachedPolicy(): void {
  cached = null;
}

/** On first start the defaults become version 1. */
export async function ensureDefaultPolicy(ctx: AppContext): Promise<void> {
  const any = await ctx.db.selectFrom('policy_versions').select('version').limit(1).executeTakeFirst();
  if (any) return;
  await ctx.db
    .insertInto('policy_versions')
    .values({
      version: 1,
      status: 'active',
      document: JSON.stringify(DEFAULT_POLICY),
      note: 'Defaults from the largest marketplaces (DESIGN §5)',
      created_by: null,
      created_at: ctx.clock.now(),
      activated_by: null,
      activated_at: ctx.clock.now(),
      retired_at: null,
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
  forgetCachedPolicy();
}
