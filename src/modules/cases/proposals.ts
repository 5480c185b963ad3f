import type { ProposalKindColumn, ProposalPartyColumn, ProposalStatus, SellerResponse } from '../../db/tables/cases.js';
import type { Remedy } from '../../domain/cases/remedies.js';
import type { Tx } from '../../platform/history.js';
import { newId } from '../../shared/ids.js';
import type { CaseRow } from './access.js';
import type { CaseEnv } from './engine.js';

/** Structured proposals of a case and the seller's response facts; shared by every case type. */

export interface NewProposal {
  kind: ProposalKindColumn;
  party: ProposalPartyColumn;
  authorId: string | null;
  remedy: Remedy | null;
  reasonCode?: string | null;
  reason?: string | null;
  status: ProposalStatus;
}

export async function addProposal(trx: Tx, c: CaseRow, p: NewProposal, at: Date): Promise<string> {
  const id = newId('prp', at.getTime());
  await trx
    .insertInto('case_proposals')
    .values({
      id,
      case_id: c.id,
      seller_id: c.seller_id,
      round: c.round,
      kind: p.kind,
      party: p.party,
      author_id: p.authorId,
      remedy: p.remedy ? JSON.stringify(p.remedy) : null,
      reason_code: p.reasonCode ?? null,
      reason: p.reason ?? null,
      status: p.status,
      created_at: at,
      answered_at: p.status === 'open' ? null : at,
    })
    .execute();
  return id;
}

/** Answers the round's open proposals (of some kinds, or all). Returns the one answered last, if any. */
export async function answerOpenProposals(trx: Tx, c: CaseRow, status: Exclude<ProposalStatus, 'open'>, at: Date, kinds?: ProposalKindColumn[]) {
  let q = trx.updateTable('case_proposals').set({ status, answered_at: at }).where('case_id', '=', c.id).where('status', '=', 'open');
  if (kinds) q = q.where('kind', 'in', kinds);
  const rows = await q.returningAll().execute();
  return rows.sort((a, b) => a.created_at.getTime() - b.created_at.getTime()).pop();
}

export async function openProposal(trx: Tx, c: CaseRow, kind: ProposalKindColumn) {
  return trx
    .selectFrom('case_proposals')
    .selectAll()
    .where('case_id', '=', c.id)
    .where('kind', '=', kind)
    .where('status', '=', 'open')
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
}

/** The buyer's request reached the seller: the clock of the seller's responsiveness starts. */
export async function recordResponseRequested(trx: Tx, env: CaseEnv, c: CaseRow): Promise<void> {
  if (!c.deadline_at) return;
  await trx
    .insertInto('case_response_facts')
    .values({
      case_id: c.id,
      round: c.round,
      seller_id: c.seller_id,
      requested_at: env.at,
      due_at: c.deadline_at,
      business_days_allowed: env.policy.policy.cases.sellerResponseBusinessDays,
      first_response_at: null,
      response: null,
      responded_at: null,
      responded_on_time: null,
      policy_version: env.policy.version,
    })
    .onConflict((oc) => oc.columns(['case_id', 'round']).doNothing())
    .execute();
}

/** The seller answered (or stayed silent until the deadline): the facts seller evaluation measures. */
export async function recordSellerResponse(trx: Tx, c: CaseRow, response: SellerResponse, at: Date): Promise<void> {
  const facts = await trx.selectFrom('case_response_facts').selectAll().where('case_id', '=', c.id).where('round', '=', c.round).executeTakeFirst();
  if (!facts || facts.response) return;
  const silent = response === 'silence';
  await trx
    .updateTable('case_response_facts')
    .set({
      response,
      responded_at: silent ? null : at,
      first_response_at: facts.first_response_at ?? (silent ? null : at),
      responded_on_time: !silent && at.getTime() <= facts.due_at.getTime(),
    })
    .where('case_id', '=', c.id)
    .where('round', '=', c.round)
    .execute();
}

/** A seller's message while the request waits counts as their first response (communication, not the answer). */
export async function recordSellerFirstContact(trx: Tx, c: CaseRow, at: Date): Promise<void> {
  await trx
    .updateTable('case_response_facts')
    .set({ first_response_at: at })
    .where('case_id', '=', c.id)
    .where('round', '=', c.round)
    .where('first_response_at', 'is', null)
    .where('response', 'is', null)
    .execute();
}
