import { sql } from 'kysely';
import type { AppContext } from '../../context.js';
import type { DB } from '../../db/database.js';
import type { Json } from '../../db/tables/platform.js';
import type { BuyerRecordPolicy } from '../../domain/cases/dispute-policy.js';
import type { Policy } from '../../domain/policy.js';
import { hasRole, isStaff, type Actor } from '../../platform/actor.js';
import { enqueueOutbox, type Tx } from '../../platform/history.js';
import { forbidden, notFound } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { reportViolation } from '../enforcement/index.js';
import { notifyRoles } from '../notifications/service.js';
import type { CaseRow } from '../cases/access.js';
import type { DuplicateFound } from './evidence.js';
import { DISPUTE_NOTIFICATIONS as N } from './templates.js';

/**
 * The buyer's record (seed 004: "It flags you as a difficult buyer"): claims opened, won, lost, withdrawn,
 * disproportionate demands and claims that reused a file already evidence in another claim, over the policy's window. A poor record
 * makes the full evidence set mandatory; serious abuse is reported to compliance — a row here, the compliance
 * officers notified, and a buyer violation proposed to enforcement (`reportViolation`, whose policy decides
 * whether it confirms itself).
 */

const DAY = 86_400_000;

export interface BuyerRecord {
  buyerId: string;
  windowDays: number;
  opened: number;
  open: number;
  won: number;
  partlyWon: number;
  lost: number;
  withdrawn: number;
  compensated: number;
  disproportionateDemands: number;
  duplicateEvidence: number;
  reportsToCompliance: number;
  /** Why the record is poor, empty when it is not. */
  poorBecause: ('lost_claims' | 'disproportionate_demands' | 'duplicate_evidence')[];
  poor: boolean;
}

export async function buyerRecord(db: DB | Tx, buyerId: string, policy: BuyerRecordPolicy, now: Date): Promise<BuyerRecord> {
  const since = new Date(now.getTime() - policy.windowDays * DAY);
  const row = await db
    .selectFrom('disputes')
    .select([
      sql<number>`count(*)::int`.as('opened'),
      sql<number>`count(*) FILTER (WHERE outcome IS NULL)::int`.as('open'),
      sql<number>`count(*) FILTER (WHERE outcome = 'buyer_won')::int`.as('won'),
      sql<number>`count(*) FILTER (WHERE outcome = 'partly_won')::int`.as('partly_won'),
      sql<number>`count(*) FILTER (WHERE outcome = 'buyer_lost')::int`.as('lost'),
      sql<number>`count(*) FILTER (WHERE outcome = 'withdrawn')::int`.as('withdrawn'),
      sql<number>`count(*) FILTER (WHERE outcome = 'compensated')::int`.as('compensated'),
      sql<number>`count(*) FILTER (WHERE disproportionate)::int`.as('disproportionate'),
      // the claims that reused a file (the later of two claims sharing it), not the ones whose file was reused
      sql<number>`count(*) FILTER (WHERE EXISTS (SELECT 1 FROM dispute_evidence_duplicates x WHERE x.case_id = disputes.case_id))::int`.as('duplicate'),
    ])
    .where('buyer_id', '=', buyerId)
    .where('created_at', '>=', since)
    .executeTakeFirstOrThrow();
  const reports = await db
    .selectFrom('buyer_abuse_reports')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('buyer_id', '=', buyerId)
    .where('created_at', '>=', since)
    .executeTakeFirstOrThrow();
  const won = Number(row.won);
  const partly = Number(row.partly_won);
  const lost = Number(row.lost);
  const decided = won + partly + lost;
  const poorBecause: BuyerRecord['poorBecause'] = [];
  if (lost >= policy.poorLostClaims && decided > 0 && lost / decided >= policy.poorLostShare) poorBecause.push('lost_claims');
  if (Number(row.disproportionate) >= policy.poorDisproportionateDemands) poorBecause.push('disproportionate_demands');
  if (Number(row.duplicate) >= policy.poorDuplicateEvidence) poorBecause.push('duplicate_evidence');
  return {
    buyerId,
    windowDays: policy.windowDays,
    opened: Number(row.opened),
    open: Number(row.open),
    won,
    partlyWon: partly,
    lost,
    withdrawn: Number(row.withdrawn),
    compensated: Number(row.compensated),
    disproportionateDemands: Number(row.disproportionate),
    duplicateEvidence: Number(row.duplicate),
    reportsToCompliance: Number(reports.n),
    poorBecause,
    poor: poorBecause.length > 0,
  };
}

/** The buyer's own record, or any buyer's for staff; another buyer's is a 404. */
export async function getBuyerRecord(ctx: AppContext, actor: Actor, buyerId: string, policy: Policy): Promise<BuyerRecord> {
  const self = actor.kind === 'user' && actor.id === buyerId;
  if (!self && !isStaff(actor)) throw notFound('Buyer');
  const user = await ctx.db.selectFrom('users').select('id').where('id', '=', buyerId).executeTakeFirst();
  if (!user) throw notFound('Buyer');
  return buyerRecord(ctx.db, buyerId, policy.cases.buyerRecord, ctx.clock.now());
}

export interface AbuseReport {
  buyerId: string;
  caseId: string;
  rule: 'duplicate_evidence' | 'disproportionate_demand';
  /** One report per fact: the same fact found again reports nothing new. */
  dedupeKey: string;
  summary: string;
  evidence: Json;
  /** Also notify the compliance officers (serious abuse); otherwise only enforcement hears of it. */
  serious: boolean;
}

/**
 * Reports a buyer's abuse: proposes the buyer violation to enforcement (its policy decides the points and whether
 * it confirms itself), and for serious abuse keeps a report and notifies the compliance officers. Runs in the
 * caller's transaction. Returns the report's id when one was written.
 */
export async function reportAbuse(ctx: AppContext, trx: Tx, r: AbuseReport, at: Date): Promise<string | null> {
  const violationId = await reportViolation(ctx, trx, {
    subjectType: 'buyer',
    buyerId: r.buyerId,
    rule: r.rule,
    dedupeKey: r.dedupeKey,
    summary: r.summary,
    evidence: { ...r.evidence, caseId: r.caseId },
    occurredAt: at,
  });
  if (!r.serious) return null;
  const id = newId('evt', at.getTime());
  const inserted = await trx
    .insertInto('buyer_abuse_reports')
    .values({ id, buyer_id: r.buyerId, case_id: r.caseId, rule: r.rule, dedupe_key: r.dedupeKey, summary: r.summary, evidence: JSON.stringify(r.evidence), violation_id: violationId, created_at: at })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) return null;
  await enqueueOutbox(trx, {
    type: 'dispute.abuse_reported',
    entityType: 'buyer',
    entityId: r.buyerId,
    payload: { id, buyerId: r.buyerId, caseId: r.caseId, rule: r.rule, summary: r.summary, violationId, evidence: r.evidence },
    at,
  });
  await notifyRoles(trx, { roles: ['compliance_officer'], eventType: N.abuseReported, data: { buyerId: r.buyerId, caseId: r.caseId, rule: r.rule, summary: r.summary, violationId }, link: `/disputes/${r.caseId}`, at });
  return id;
}

export interface AbuseReportView {
  id: string;
  buyerId: string;
  caseId: string | null;
  rule: string;
  summary: string;
  evidence: Json;
  violationId: string | null;
  createdAt: string;
}

/** Reports to compliance, newest first (compliance officers, admins). */
export async function listAbuseReports(ctx: AppContext, actor: Actor, f: { buyerId?: string; limit: number; offset: number }): Promise<AbuseReportView[]> {
  if (!hasRole(actor, 'compliance_officer', 'admin')) throw forbidden('Reports of buyer abuse are for compliance officers.');
  let q = ctx.db.selectFrom('buyer_abuse_reports').selectAll();
  if (f.buyerId) q = q.where('buyer_id', '=', f.buyerId);
  const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(f.limit).offset(f.offset).execute();
  return rows.map((r) => ({ id: r.id, buyerId: r.buyer_id, caseId: r.case_id, rule: r.rule, summary: r.summary, evidence: r.evidence, violationId: r.violation_id, createdAt: r.created_at.toISOString() }));
}

/**
 * Reused evidence: the enforcement rule `duplicate_evidence` (same dedupe key as its own detector, so one fact is one
 * violation). A file from another buyer's claim is serious abuse; so are the buyer's own files on too many claims.
 */
export async function reportDuplicates(ctx: AppContext, trx: Tx, c: CaseRow, found: readonly DuplicateFound[], policy: BuyerRecordPolicy, at: Date): Promise<void> {
  for (const sha256 of [...new Set(found.map((f) => f.sha256))]) {
    const same = found.filter((f) => f.sha256 === sha256);
    const otherBuyers = same.some((f) => f.scope === 'other_buyer');
    const ownClaims = new Set([c.id, ...same.filter((f) => f.scope === 'same_buyer').map((f) => f.otherCaseId)]).size;
    const serious = (otherBuyers && policy.reportEvidenceFromOtherBuyers) || ownClaims >= policy.reportOwnDuplicateEvidence;
    await reportAbuse(
      ctx,
      trx,
      {
        buyerId: c.buyer_id,
        caseId: c.id,
        rule: 'duplicate_evidence',
        dedupeKey: `duplicate_evidence:${c.buyer_id}:${sha256}`,
        summary: otherBuyers
          ? `A file attached as evidence on ${c.id} was already evidence in another buyer's claim.`
          : `The same evidence file was attached to ${ownClaims} of this buyer's claims.`,
        evidence: { sha256, caseIds: [c.id, ...same.map((f) => f.otherCaseId)], scopes: [...new Set(same.map((f) => f.scope))] },
        serious,
      },
      at,
    );
  }
}
