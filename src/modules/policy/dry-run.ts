import type { AppContext } from '../../context.js';
import { scoreSeller, type PriorSet, type SellerEvidence } from '../../domain/evaluation/index.js';
import { PolicySchema, type Policy } from '../../domain/policy.js';
import type { Actor } from '../../platform/actor.js';
import { appendHistory, enqueueOutbox, type Tx } from '../../platform/history.js';
import { conflict, notFound } from '../../shared/errors.js';
import { requireAdmin } from '../enforcement/access.js';
import { appendLog } from '../enforcement/ledger.js';
import { replayUnderPolicy, snapshotSellers, type SellerSnapshot } from '../enforcement/replay.js';
import type { Decision } from '../enforcement/sanctions.js';
import { activePolicy, forgetCachedPolicy } from './service.js';

/**
 * The dry run and the activation of a policy draft (DESIGN §5). Both run the same code — retire the active version,
 * activate the draft, replay the last `replayDays` under it (re-score recent violations, run every detector, apply
 * the ladder) — and compare every seller before and after: points, sanctions, account status, tier. The dry run
 * does it inside a transaction it rolls back, so what it shows is what activation then does.
 */

export interface SellerChange {
  sellerId: string;
  shopName: string;
  points: { before: number; after: number };
  sanctions: { before: string[]; after: string[]; added: string[]; removed: string[] };
  status: { before: string; after: string };
  tier: { before: string; after: string } | null;
}

export interface PolicyDiff {
  version: number;
  activeVersion: number;
  replayDays: number;
  asOf: string;
  summary: {
    sellers: number;
    sellersChanged: number;
    gainPoints: number;
    losePoints: number;
    sanctioned: Record<string, number>;
    sanctionsLifted: Record<string, number>;
    statusChanges: Record<string, number>;
    tierChanges: Record<string, number>;
    violationsProposed: number;
    autoConfirmed: number;
    rescored: number;
  };
  changes: SellerChange[];
}

class RollBack extends Error {
  constructor(readonly diff: PolicyDiff) {
    super('dry run');
  }
}

type Snapshot = Map<string, SellerSnapshot & { shopName: string; tier?: string | null }>;

/** Each seller's tier from its stored scorecard's counts, re-scored with the given points, status and policy. */
async function addTiers(trx: Tx, snap: Snapshot, policy: Policy): Promise<void> {
  try {
    const cards = await trx.selectFrom('seller_scorecards').select(['seller_id', 'metrics', 'seller_state', 'priors_on', 'policy_version']).execute();
    if (cards.length === 0) return;
    const priorRows = await trx.selectFrom('evaluation_priors').select(['as_of', 'policy_version', 'priors']).execute();
    const priors = new Map(priorRows.map((p) => [`${p.as_of}|${p.policy_version}`, p.priors as PriorSet]));
    for (const c of cards) {
      const s = snap.get(c.seller_id);
      if (!s) continue;
      const counts: SellerEvidence['counts'] = {};
      for (const [k, m] of Object.entries(c.metrics)) if (m && m.den !== null && m.num !== null) (counts as Record<string, unknown>)[k] = { num: m.num, den: m.den, sq: m.sq };
      const card = scoreSeller(
        { sellerId: c.seller_id, status: s.status, verification: c.seller_state.verification, counts, penaltyPoints: s.points, trainingCompleted: c.seller_state.trainingCompleted },
        { policy: policy.evaluation, priors: priors.get(`${c.priors_on}|${c.policy_version}`) ?? {} },
      );
      s.tier = card.tier;
    }
  } catch {
    // Scorecards not computed yet (or their tables not there): the diff shows no tiers.
  }
}

const inc = (o: Record<string, number>, k: string) => (o[k] = (o[k] ?? 0) + 1);

function diffOf(before: Snapshot, after: Snapshot): { changes: SellerChange[]; summary: Omit<PolicyDiff['summary'], 'violationsProposed' | 'autoConfirmed' | 'rescored'> } {
  const summary = { sellers: after.size, sellersChanged: 0, gainPoints: 0, losePoints: 0, sanctioned: {}, sanctionsLifted: {}, statusChanges: {}, tierChanges: {} } as Omit<PolicyDiff['summary'], 'violationsProposed' | 'autoConfirmed' | 'rescored'>;
  const changes: SellerChange[] = [];
  for (const [id, a] of after) {
    const b = before.get(id) ?? { status: a.status, shopName: a.shopName, points: 0, sanctions: [], tier: null };
    const added = a.sanctions.filter((k) => !b.sanctions.includes(k));
    const removed = b.sanctions.filter((k) => !a.sanctions.includes(k));
    const tierChanged = !!b.tier && !!a.tier && b.tier !== a.tier;
    if (a.points === b.points && added.length === 0 && removed.length === 0 && a.status === b.status && !tierChanged) continue;
    summary.sellersChanged++;
    if (a.points > b.points) summary.gainPoints++;
    if (a.points < b.points) summary.losePoints++;
    for (const k of added) inc(summary.sanctioned, k);
    for (const k of removed) inc(summary.sanctionsLifted, k);
    if (a.status !== b.status) inc(summary.statusChanges, `${b.status}→${a.status}`);
    if (tierChanged) inc(summary.tierChanges, `${b.tier}→${a.tier}`);
    changes.push({
      sellerId: id,
      shopName: a.shopName,
      points: { before: b.points, after: a.points },
      sanctions: { before: b.sanctions, after: a.sanctions, added, removed },
      status: { before: b.status, after: a.status },
      tier: b.tier && a.tier ? { before: b.tier, after: a.tier } : null,
    });
  }
  changes.sort((x, y) => x.sellerId.localeCompare(y.sellerId));
  return { changes, summary };
}

/** Activates `version` inside `trx` and replays; returns the diff. The caller commits (activation) or rolls back. */
async function applyVersion(ctx: AppContext, trx: Tx, actor: Actor, version: number, dry: boolean): Promise<PolicyDiff> {
  const at = ctx.clock.now();
  const row = await trx.selectFrom('policy_versions').selectAll().where('version', '=', version).forUpdate().executeTakeFirst();
  if (!row) throw notFound('Policy version');
  if (row.status !== 'draft') throw conflict('not_a_draft', `Version ${version} is ${row.status}; only a draft can be dry-run or activated.`);
  const current = await trx.selectFrom('policy_versions').select(['version', 'document']).where('status', '=', 'active').forUpdate().executeTakeFirst();
  const currentPolicy = PolicySchema.parse(current?.document ?? {});
  const policy = PolicySchema.parse(row.document);

  const before: Snapshot = await snapshotSellers({ trx, at, actor, policy: currentPolicy, version: current?.version ?? 0 });
  await addTiers(trx, before, currentPolicy);

  if (current) await trx.updateTable('policy_versions').set({ status: 'retired', retired_at: at }).where('version', '=', current.version).execute();
  await trx.updateTable('policy_versions').set({ status: 'active', activated_by: actor.id, activated_at: at }).where('version', '=', version).execute();

  const d: Decision = { trx, at, actor, policy, version, quiet: dry };
  const replay = await replayUnderPolicy(d);
  const after: Snapshot = await snapshotSellers(d);
  await addTiers(trx, after, policy);
  const { changes, summary } = diffOf(before, after);
  const diff: PolicyDiff = {
    version,
    activeVersion: current?.version ?? 0,
    replayDays: policy.enforcement.replayDays,
    asOf: at.toISOString(),
    summary: { ...summary, violationsProposed: replay.proposed, autoConfirmed: replay.autoConfirmed, rescored: replay.rescored },
    changes,
  };
  if (!dry) {
    await appendHistory(trx, { entityType: 'policy_version', entityId: String(version), event: 'activate', from: 'draft', to: 'active', actor, data: { retired: current?.version ?? null, summary: diff.summary }, at });
    if (current) await appendHistory(trx, { entityType: 'policy_version', entityId: String(current.version), event: 'retire', from: 'active', to: 'retired', actor, data: { replacedBy: version }, at });
    await appendLog(trx, { action: 'policy.activated', entityType: 'policy_version', entityId: String(version), actor, policyVersion: version, payload: { retired: current?.version ?? null, summary: diff.summary }, at });
    await enqueueOutbox(trx, { type: 'policy.activated', entityType: 'policy_version', entityId: String(version), payload: { version, retired: current?.version ?? null, summary: diff.summary }, at });
  }
  return diff;
}

export async function dryRun(ctx: AppContext, actor: Actor, version: number): Promise<PolicyDiff> {
  requireAdmin(actor);
  try {
    await ctx.db.transaction().execute(async (trx) => {
      throw new RollBack(await applyVersion(ctx, trx, actor, version, true));
    });
  } catch (err) {
    if (err instanceof RollBack) return err.diff;
    throw err;
  } finally {
    forgetCachedPolicy();
  }
  throw new Error('unreachable');
}

export async function activate(ctx: AppContext, actor: Actor, version: number): Promise<PolicyDiff> {
  requireAdmin(actor);
  try {
    return await ctx.db.transaction().execute((trx) => applyVersion(ctx, trx, actor, version, false));
  } finally {
    forgetCachedPolicy();
  }
}

export { activePolicy };
