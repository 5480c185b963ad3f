import { sql, type Selectable } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { Database } from '../../db/schema.js';
import type { AppContext } from '../../context.js';
import type { AgreedVia, PostalAddress, ProposalKindColumn, ProposalPartyColumn, ProposalStatus, SellerResponse, ShipmentDirection } from '../../db/tables/cases.js';
import type { Json } from '../../db/tables/platform.js';
import { businessDaysBetween } from '../../domain/calendar/business-days.js';
import { CASE_TYPE_DEFINITIONS, caseTypeDefinition, eventsFor, type CaseParty, type CaseType } from '../../domain/cases/index.js';
import { possibleRemedies, type ItemLocation, type QcFailureEvent, type RefusalReason } from '../../domain/cases/qc-failure.js';
import { renderProposal, renderRemedy, renderSilenceOutcome, type Bilingual } from '../../domain/cases/render.js';
import type { Remedy, RemedyType } from '../../domain/cases/remedies.js';
import { firersOf, hasRole, type Actor } from '../../platform/actor.js';
import { forbidden, notFound } from '../../shared/errors.js';
import { loadSellerCalendars, type SellerCalendars } from '../orders/calendars.js';
import { seesEverything } from '../orders/access.js';
import { refundView, type RefundView } from '../refunds/service.js';
import { reportView, type QcReportView } from '../qc/views.js';
import { canSeeCase, caseActor, sideOf, type CaseRow } from './access.js';

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
const HOUR = 3_600_000;

export interface AttachmentView {
  id: string;
  caseId: string;
  messageId: string | null;
  kind: 'photo' | 'video' | 'document';
  fileName: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
  uploadedBy: string | null;
  uploadedAt: string;
  url: string;
}

export function attachmentView(a: { id: string; case_id: string; message_id: string | null; file_name: string; media_type: string; size_bytes: number; sha256: string; uploaded_by: string | null; uploaded_at: Date }): AttachmentView {
  return {
    id: a.id,
    caseId: a.case_id,
    messageId: a.message_id,
    kind: a.media_type.startsWith('video/') ? 'video' : a.media_type === 'application/pdf' ? 'document' : 'photo',
    fileName: a.file_name,
    mediaType: a.media_type,
    sizeBytes: a.size_bytes,
    sha256: a.sha256,
    uploadedBy: a.uploaded_by,
    uploadedAt: a.uploaded_at.toISOString(),
    url: `/api/v1/cases/${a.case_id}/attachments/${a.id}`,
  };
}


export interface RemedyView {
  remedy: Remedy;
  text: Bilingual;
}

export interface DeadlineView {
  at: string;
  party: CaseParty;
  /** What the scheduler does when it passes (an event of the case's table). */
  onExpiry: string;
  /** The same, in words, for the page. */
  whatHappens: Bilingual;
  overdue: boolean;
  hoursLeft: number;
  /** Business days left on the seller's calendar (for the seller's deadlines); negative when overdue. */
  businessDaysLeft: number | null;
}

export interface AvailableAction {
  action: string;
  method: 'POST' | 'GET';
  path: string;
  /** For remedy choices: which remedies are possible now. */
  remedies?: RemedyType[];
}

export interface CaseSummary {
  id: string;
  type: CaseType;
  status: string;
  round: number;
  orderId: string;
  orderItemId: string | null;
  itemName: string | null;
  sellerId: string;
  shopName: string;
  buyerId: string;
  claimAmount: number;
  currency: string;
  itemLocation: ItemLocation;
  requestedRemedy: RemedyView | null;
  agreedRemedy: RemedyView | null;
  agreedVia: AgreedVia | null;
  deadline: DeadlineView | null;
  waitingFor: CaseParty | null;
  escalatedAt: string | null;
  openedAt: string;
  updatedAt: string;
  resolvedAt: string | null;
  closedAt: string | null;
}

export interface ProposalView {
  id: string;
  round: number;
  kind: ProposalKindColumn;
  party: ProposalPartyColumn;
  authorId: string | null;
  remedy: Remedy | null;
  reasonCode: string | null;
  reason: string | null;
  status: ProposalStatus;
  text: Bilingual;
  createdAt: string;
  answeredAt: string | null;
}

export interface ThreadEntry {
  id: string;
  kind: 'message' | 'proposal';
  at: string;
  author: { id: string | null; role: string; name: string | null };
  body: string | null;
  attachments: AttachmentView[];
  proposal: ProposalView | null;
}

export interface CaseView extends CaseSummary {
  reference: string;
  viewer: { side: 'buyer' | 'seller' | 'staff' | 'integration' };
  order: { id: string; externalId: string; status: string; currency: string; capturedAmount: number; refundedTotal: number; remainingAmount: number };
  item: { id: string; lineNo: number; name: string; sku: string | null; quantity: number; unitPrice: number; lineTotal: number; status: string } | null;
  seller: { id: string; shopName: string; country: string };
  escalation: { at: string; by: string | null; reason: string | null } | null;
  decision: { at: string; by: string | null; reason: string | null; remedy: RemedyView | null } | null;
  qcReports: QcReportView[];
  proposals: ProposalView[];
  thread: ThreadEntry[];
  history: { id: string; event: string; from: string | null; to: string; actorId: string | null; actorRole: string; reason: string | null; data: Json; at: string }[];
  labels: { id: string; round: number; issuedAt: string; addressSource: string; shipTo: PostalAddress; url: string }[];
  shipments: {
    id: string;
    round: number;
    direction: ShipmentDirection;
    carrier: string;
    trackingNumber: string;
    shippedAt: string;
    deliveredAt: string | null;
    receivedAt: string | null;
    receivedVia: string | null;
    lastEventCode: string | null;
    lastEventAt: string | null;
    events: { eventCode: string; description: string; location: string; occurredAt: string }[];
  }[];
  refunds: RefundView[];
  refundSummary: { due: number; committed: number; settled: number; pending: number; failed: number; allSettled: boolean };
  responsiveness: { round: number; requestedAt: string; dueAt: string; businessDaysAllowed: number; firstResponseAt: string | null; response: SellerResponse | null; respondedAt: string | null; respondedOnTime: boolean | null }[];
  availableActions: AvailableAction[];
}

// ---- pieces ---------------------------------------------------------------------------------------------------

function remedyView(c: { currency: string; claim_amount: number }, r: Remedy | null): RemedyView | null {
  return r ? { remedy: r, text: renderRemedy(r, { currency: c.currency, claimAmount: c.claim_amount }) } : null;
}

function deadlineView(c: CaseRow, now: Date, calendars: SellerCalendars | null, country: string): DeadlineView | null {
  if (!c.deadline_at || !c.deadline_party) return null;
  const ms = c.deadline_at.getTime() - now.getTime();
  return {
    at: c.deadline_at.toISOString(),
    party: c.deadline_party,
    onExpiry: c.deadline_event ?? '',
    whatHappens: renderSilenceOutcome(c.deadline_event as QcFailureEvent, { currency: c.currency, claimAmount: c.claim_amount, requested: c.requested_remedy, remedy: c.agreed_remedy }),
    overdue: ms < 0,
    hoursLeft: Math.floor(ms / HOUR),
    businessDaysLeft: c.deadline_party === 'seller' && calendars ? businessDaysBetween(now, c.deadline_at, calendars(country)) : null,
  };
}

type SummaryRow = CaseRow & { shop_name: string; seller_country: string; item_name: string | null };

function summary(c: SummaryRow, now: Date, calendars: SellerCalendars | null): CaseSummary {
  return {
    id: c.id,
    type: c.type,
    status: c.status,
    round: c.round,
    orderId: c.order_id,
    orderItemId: c.order_item_id,
    itemName: c.item_name,
    sellerId: c.seller_id,
    shopName: c.shop_name,
    buyerId: c.buyer_id,
    claimAmount: c.claim_amount,
    currency: c.currency,
    itemLocation: c.item_location,
    requestedRemedy: remedyView(c, c.requested_remedy),
    agreedRemedy: remedyView(c, c.agreed_remedy),
    agreedVia: c.agreed_via,
    deadline: deadlineView(c, now, calendars, c.seller_country),
    waitingFor: c.deadline_party ?? (caseTypeDefinition(c.type).escalated.includes(c.status) ? 'support' : c.status === 'return_approved' || c.status === 'replacement_in_transit' ? 'warehouse' : null),
    escalatedAt: iso(c.escalated_at),
    openedAt: c.opened_at.toISOString(),
    updatedAt: c.updated_at.toISOString(),
    resolvedAt: iso(c.resolved_at),
    closedAt: iso(c.closed_at),
  };
}

function summaryQuery(ctx: AppContext) {
  return ctx.db
    .selectFrom('cases')
    .innerJoin('sellers', 'sellers.id', 'cases.seller_id')
    .leftJoin('order_items', 'order_items.id', 'cases.order_item_id')
    .selectAll('cases')
    .select(['sellers.shop_name', 'sellers.country as seller_country', 'order_items.name as item_name']);
}

const ACTION_PATHS: Record<string, { action: string; path: string }> = {
  choose_remedy: { action: 'choose_remedy', path: 'remedy' },
  accept_as_is: { action: 'accept_as_is', path: 'remedy' },
  accept_request: { action: 'accept_request', path: 'response' },
  counter: { action: 'counter', path: 'response' },
  refuse: { action: 'refuse', path: 'response' },
  accept_counter: { action: 'accept_counter', path: 'counter/accept' },
  escalate: { action: 'escalate', path: 'escalate' },
  decide: { action: 'decide', path: 'decision' },
  ship_return: { action: 'ship_return', path: 'return/ship' },
  record_return_delivery: { action: 'record_return_event', path: 'return/events' },
  confirm_receipt: { action: 'confirm_receipt', path: 'return/confirm-receipt' },
  ship_replacement: { action: 'ship_replacement', path: 'replacement/ship' },
};

function availableActions(actor: Actor, c: CaseRow, hasLabel: boolean): AvailableAction[] {
  const def = caseTypeDefinition(c.type);
  const events = eventsFor(def, c.status, firersOf(caseActor(actor, c)));
  const actions: AvailableAction[] = [];
  for (const e of events) {
    if (e === 'pass_replacement_qc' || e === 'fail_replacement_qc') {
      if (!actions.some((a) => a.action === 'inspect_replacement')) actions.push({ action: 'inspect_replacement', method: 'POST', path: '/api/v1/qc-reports' });
      continue;
    }
    const m = ACTION_PATHS[e];
    if (!m) continue;
    const a: AvailableAction = { action: m.action, method: 'POST', path: `/api/v1/cases/${c.id}/${m.path}` };
    if (e === 'choose_remedy' || e === 'counter' || e === 'decide') a.remedies = possibleRemedies(c.item_location).filter((r) => e !== 'counter' || r !== 'accept_as_is');
    actions.push(a);
  }
  // a return may also be reported delivered while the seller has it in hand; events of a delivered return still count
  if (c.status === 'return_delivered' && (hasRole(actor, 'qc_inspector', 'admin') || actor.kind === 'api_key')) {
    actions.push({ action: 'record_return_event', method: 'POST', path: `/api/v1/cases/${c.id}/return/events` });
  }
  const side = sideOf(actor, c);
  if (!c.closed_at && side !== 'integration') {
    actions.push({ action: 'post_message', method: 'POST', path: `/api/v1/cases/${c.id}/messages` });
    actions.push({ action: 'upload_attachment', method: 'POST', path: `/api/v1/cases/${c.id}/attachments` });
  }
  if (hasLabel) actions.push({ action: 'download_return_label', method: 'GET', path: `/api/v1/cases/${c.id}/return-label` });
  return actions;
}

function proposalView(c: CaseRow, p: { id: string; round: number; kind: ProposalKindColumn; party: ProposalPartyColumn; author_id: string | null; remedy: Remedy | null; reason_code: string | null; reason: string | null; status: ProposalStatus; created_at: Date; answered_at: Date | null }): ProposalView {
  return {
    id: p.id,
    round: p.round,
    kind: p.kind,
    party: p.party,
    authorId: p.author_id,
    remedy: p.remedy,
    reasonCode: p.reason_code,
    reason: p.reason,
    status: p.status,
    text: renderProposal({ kind: p.kind, party: p.party, remedy: p.remedy, reasonCode: p.reason_code as RefusalReason | null, reason: p.reason }, { currency: c.currency, claimAmount: c.claim_amount }),
    createdAt: p.created_at.toISOString(),
    answeredAt: iso(p.answered_at),
  };
}

// ---- the case page -------------------------------------------------------------------------------------------------

/** The history's entity types of every case type (the index on entity_history leads with the type). */
const CASE_ENTITY_TYPES = Object.values(CASE_TYPE_DEFINITIONS).map((d) => d.machine.entity);

/** Timestamps inside JSON aggregates arrive as text: back to Dates, like every other row. */
function withDates<T>(rows: unknown, fields: string[]): T[] {
  return (rows as Record<string, unknown>[]).map((r) => {
    const out: Record<string, unknown> = { ...r };
    for (const f of fields) if (typeof out[f] === 'string') out[f] = new Date(out[f] as string);
    return out as T;
  });
}

/**
 * The case with everything its page shows, in one query (the case row, its seller, order, payment and item, and each
 * list aggregated as JSON): the page is the most requested read of the engine.
 */
function casePageQuery(db: AppContext['db'], caseId: string) {
  return db
    .selectFrom('cases')
    .innerJoin('sellers', 'sellers.id', 'cases.seller_id')
    .innerJoin('orders', 'orders.id', 'cases.order_id')
    .leftJoin('order_payments', 'order_payments.order_id', 'cases.order_id')
    .leftJoin('order_items', 'order_items.id', 'cases.order_item_id')
    .selectAll('cases')
    .select([
      'sellers.shop_name',
      'sellers.country as seller_country',
      'orders.external_id as order_external_id',
      'orders.status as order_status',
      'order_payments.captured_amount',
      'order_payments.refunded_total',
      'order_items.name as item_name',
      'order_items.line_no as item_line_no',
      'order_items.sku as item_sku',
      'order_items.quantity as item_quantity',
      'order_items.unit_price as item_unit_price',
      'order_items.status as item_status',
    ])
    .select((eb) => [
      jsonArrayFrom(eb.selectFrom('case_proposals').selectAll().whereRef('case_proposals.case_id', '=', 'cases.id').orderBy('case_proposals.created_at').orderBy('case_proposals.id')).as('proposals'),
      jsonArrayFrom(
        eb
          .selectFrom('case_messages')
          .leftJoin('users', 'users.id', 'case_messages.author_id')
          .selectAll('case_messages')
          .select('users.name as author_name')
          .whereRef('case_messages.case_id', '=', 'cases.id')
          .orderBy('case_messages.created_at')
          .orderBy('case_messages.id'),
      ).as('messages'),
      jsonArrayFrom(eb.selectFrom('case_attachments').selectAll().whereRef('case_attachments.case_id', '=', 'cases.id').orderBy('case_attachments.uploaded_at')).as('attachments'),
      jsonArrayFrom(
        eb
          .selectFrom('entity_history')
          .selectAll()
          .where('entity_history.entity_type', 'in', CASE_ENTITY_TYPES)
          .whereRef('entity_history.entity_id', '=', 'cases.id')
          .orderBy('entity_history.at')
          .orderBy('entity_history.id'),
      ).as('history'),
      jsonArrayFrom(
        eb.selectFrom('return_labels').select(['return_labels.id', 'return_labels.round', 'return_labels.issued_at', 'return_labels.address_source', 'return_labels.ship_to']).whereRef('return_labels.case_id', '=', 'cases.id').orderBy('return_labels.round'),
      ).as('labels'),
      jsonArrayFrom(eb.selectFrom('case_shipments').selectAll().whereRef('case_shipments.case_id', '=', 'cases.id').orderBy('case_shipments.created_at')).as('shipments'),
      jsonArrayFrom(eb.selectFrom('case_shipment_events').selectAll().whereRef('case_shipment_events.case_id', '=', 'cases.id').orderBy('case_shipment_events.occurred_at')).as('events'),
      jsonArrayFrom(eb.selectFrom('refunds').selectAll().whereRef('refunds.case_id', '=', 'cases.id').orderBy('refunds.requested_at').orderBy('refunds.id')).as('refunds'),
      jsonArrayFrom(eb.selectFrom('case_response_facts').selectAll().whereRef('case_response_facts.case_id', '=', 'cases.id').orderBy('case_response_facts.round')).as('facts'),
      jsonArrayFrom(
        eb
          .selectFrom('qc_reports')
          .selectAll()
          // the report that opened the case carries its id too
          .whereRef('qc_reports.case_id', '=', 'cases.id')
          .orderBy('qc_reports.created_at')
          .orderBy('qc_reports.id'),
      ).as('reports'),
      jsonArrayFrom(
        eb
          .selectFrom('qc_media')
          .innerJoin('qc_reports', 'qc_reports.id', 'qc_media.report_id')
          .selectAll('qc_media')
          .whereRef('qc_reports.case_id', '=', 'cases.id')
          .orderBy('qc_media.uploaded_at')
          .orderBy('qc_media.id'),
      ).as('media'),
    ])
    .where('cases.id', '=', caseId);
}

/** Everything the case page shows, as the actor may see it (a case they may not see is a 404). */
export async function getCaseView(ctx: AppContext, actor: Actor, caseId: string): Promise<CaseView> {
  const row = await casePageQuery(ctx.db, caseId).executeTakeFirst();
  if (!row || !canSeeCase(actor, row)) throw notFound('Case');
  const c = row as unknown as CaseRow;
  const now = ctx.clock.now();
  const side = sideOf(actor, c);
  const calendars = c.deadline_party === 'seller' ? await loadSellerCalendars(ctx.db) : null;

  type Rows<K extends keyof Database> = Selectable<Database[K]>;
  const proposals = withDates<Rows<'case_proposals'>>(row.proposals, ['created_at', 'answered_at']);
  const messages = withDates<Rows<'case_messages'> & { author_name: string | null }>(row.messages, ['created_at']);
  const attachments = withDates<Rows<'case_attachments'>>(row.attachments, ['uploaded_at']);
  const history = withDates<Rows<'entity_history'>>(row.history, ['at']);
  const labels = withDates<Pick<Rows<'return_labels'>, 'id' | 'round' | 'issued_at' | 'address_source' | 'ship_to'>>(row.labels, ['issued_at']);
  const shipments = withDates<Rows<'case_shipments'>>(row.shipments, ['shipped_at', 'delivered_at', 'received_at', 'last_event_at', 'created_at']);
  const events = withDates<Rows<'case_shipment_events'>>(row.events, ['occurred_at', 'received_at']);
  const refunds = withDates<Rows<'refunds'>>(row.refunds, ['requested_at', 'sent_at', 'settled_at', 'failed_at', 'updated_at']);
  const facts = side === 'buyer' ? [] : withDates<Rows<'case_response_facts'>>(row.facts, ['requested_at', 'due_at', 'first_response_at', 'responded_at']);
  const reports = withDates<Rows<'qc_reports'>>(row.reports, ['created_at']);
  const media = withDates<Rows<'qc_media'>>(row.media, ['uploaded_at', 'attached_at']);
  const item = c.order_item_id && row.item_name !== null
    ? { id: c.order_item_id, name: row.item_name, sku: row.item_sku, quantity: row.item_quantity!, unit_price: row.item_unit_price!, line_no: row.item_line_no! }
    : undefined;

  const proposalViews = proposals.map((p) => proposalView(c, p));
  const partyNames: Record<string, string> = { buyer: 'buyer', seller: 'seller', support: 'support_agent', system: 'system' };
  const thread: ThreadEntry[] = [
    ...messages.map((m) => ({
      id: m.id,
      kind: 'message' as const,
      at: m.created_at.toISOString(),
      author: { id: m.author_id, role: m.author_role, name: m.author_name },
      body: m.body,
      attachments: attachments.filter((a) => a.message_id === m.id).map(attachmentView),
      proposal: null,
    })),
    ...proposalViews.map((p) => ({
      id: p.id,
      kind: 'proposal' as const,
      at: p.createdAt,
      author: { id: p.authorId, role: partyNames[p.party], name: null },
      body: null,
      attachments: [],
      proposal: p,
    })),
  ].sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id));

  const settled = refunds.filter((r) => r.status === 'settled').reduce((s, r) => s + r.amount, 0);
  const pending = refunds.filter((r) => r.status === 'pending' || r.status === 'sent').reduce((s, r) => s + r.amount, 0);
  const failed = refunds.filter((r) => r.status === 'failed').reduce((s, r) => s + r.amount, 0);
  const captured = row.captured_amount ?? 0;
  const refunded = row.refunded_total ?? 0;

  const base = summary({ ...c, shop_name: row.shop_name, seller_country: row.seller_country, item_name: row.item_name }, now, calendars);
  return {
    ...base,
    reference: c.id,
    viewer: { side },
    order: { id: c.order_id, externalId: row.order_external_id, status: row.order_status, currency: c.currency, capturedAmount: captured, refundedTotal: refunded, remainingAmount: captured - refunded },
    item: item ? { id: item.id, lineNo: item.line_no, name: item.name, sku: item.sku, quantity: item.quantity, unitPrice: item.unit_price, lineTotal: item.quantity * item.unit_price, status: row.item_status! } : null,
    seller: { id: c.seller_id, shopName: row.shop_name, country: row.seller_country },
    escalation: c.escalated_at ? { at: c.escalated_at.toISOString(), by: c.escalated_by, reason: c.escalation_reason } : null,
    decision: c.decided_at ? { at: c.decided_at.toISOString(), by: c.decided_by, reason: c.decision_reason, remedy: remedyView(c, c.agreed_via === 'mediation' ? c.agreed_remedy : null) } : null,
    qcReports: reports.map((r) => reportView(r, media, item)),
    proposals: proposalViews,
    thread,
    history: history.map((h) => ({ id: h.id, event: h.event, from: h.from_state, to: h.to_state, actorId: h.actor_id, actorRole: h.actor_role, reason: h.reason, data: h.data, at: h.at.toISOString() })),
    labels: labels.map((l) => ({ id: l.id, round: l.round, issuedAt: l.issued_at.toISOString(), addressSource: l.address_source, shipTo: l.ship_to, url: `/api/v1/cases/${c.id}/return-label` })),
    shipments: shipments.map((s) => ({
      id: s.id,
      round: s.round,
      direction: s.direction,
      carrier: s.carrier,
      trackingNumber: s.tracking_number,
      shippedAt: s.shipped_at.toISOString(),
      deliveredAt: iso(s.delivered_at),
      receivedAt: iso(s.received_at),
      receivedVia: s.received_via,
      lastEventCode: s.last_event_code,
      lastEventAt: iso(s.last_event_at),
      events: events.filter((e) => e.shipment_id === s.id).map((e) => ({ eventCode: e.event_code, description: e.description, location: e.location, occurredAt: e.occurred_at.toISOString() })),
    })),
    refunds: refunds.map(refundView),
    refundSummary: { due: c.refund_due, committed: settled + pending, settled, pending, failed, allSettled: pending === 0 && settled >= c.refund_due },
    responsiveness: facts.map((f) => ({
      round: f.round,
      requestedAt: f.requested_at.toISOString(),
      dueAt: f.due_at.toISOString(),
      businessDaysAllowed: f.business_days_allowed,
      firstResponseAt: iso(f.first_response_at),
      response: f.response,
      respondedAt: iso(f.responded_at),
      respondedOnTime: f.responded_on_time,
    })),
    availableActions: availableActions(actor, c, labels.length > 0),
  };
}

// ---- lists -------------------------------------------------------------------------------------------------------

export interface CaseListFilter {
  status?: string;
  type?: CaseType;
  sellerId?: string;
  buyerId?: string;
  orderId?: string;
  /** Only cases waiting for the caller's side (a seller: their shop's answers, soonest deadline first). */
  waitingForMe?: boolean;
  open?: boolean;
  overdue?: boolean;
  limit: number;
  offset: number;
}

/** A buyer's own cases; a seller's shop's; everything for staff and the integration, with filters. */
export async function listCases(ctx: AppContext, actor: Actor, f: CaseListFilter): Promise<CaseSummary[]> {
  const now = ctx.clock.now();
  let q = summaryQuery(ctx);
  const sellers = actor.memberships.map((m) => m.sellerId);
  if (!seesEverything(actor)) {
    q = q.where((eb) => eb.or([eb('cases.buyer_id', '=', actor.id ?? ''), ...(sellers.length ? [eb('cases.seller_id', 'in', sellers)] : [])]));
  }
  if (f.status) q = q.where('cases.status', '=', f.status);
  if (f.type) q = q.where('cases.type', '=', f.type);
  if (f.sellerId) q = q.where('cases.seller_id', '=', f.sellerId);
  if (f.buyerId) q = q.where('cases.buyer_id', '=', f.buyerId);
  if (f.orderId) q = q.where('cases.order_id', '=', f.orderId);
  if (f.open !== undefined) q = f.open ? q.where('cases.resolved_at', 'is', null) : q.where('cases.resolved_at', 'is not', null);
  if (f.overdue) q = q.where('cases.resolved_at', 'is', null).where('cases.deadline_at', '<', now);
  if (f.waitingForMe) {
    if (sellers.length && !seesEverything(actor)) {
      q = q.where('cases.seller_id', 'in', sellers).where('cases.deadline_party', '=', 'seller');
    } else if (hasRole(actor, 'support_agent', 'admin')) {
      q = q.where('cases.status', '=', 'escalated');
    } else if (hasRole(actor, 'qc_inspector')) {
      q = q.where('cases.status', 'in', ['return_approved', 'replacement_in_transit', 'awaiting_replacement']);
    } else {
      q = q.where('cases.buyer_id', '=', actor.id ?? '').where('cases.deadline_party', '=', 'buyer');
    }
    q = q.orderBy(sql`cases.deadline_at asc nulls last`).orderBy('cases.opened_at');
  } else {
    q = q.orderBy('cases.opened_at', 'desc').orderBy('cases.id', 'desc');
  }
  const rows = (await q.limit(f.limit).offset(f.offset).execute()) as SummaryRow[];
  const calendars = rows.some((r) => r.deadline_party === 'seller') ? await loadSellerCalendars(ctx.db) : null;
  return rows.map((r) => summary(r, now, calendars));
}

export interface QueueEntry extends CaseSummary {
  /** Why it is in the queue. */
  queueReason: 'escalated' | 'overdue' | 'refund_failed';
  /** The date the queue sorts by: the deadline, or when it was escalated. */
  dueAt: string;
}

/**
 * The support queue: escalated cases, open cases whose deadline passed without the scheduler moving them (it
 * was down, or a task failed), and resolved cases whose refund failed — oldest deadline first.
 */
export async function supportQueue(ctx: AppContext, actor: Actor, f: { limit: number; offset: number }): Promise<QueueEntry[]> {
  if (!hasRole(actor, 'support_agent', 'admin')) throw forbidden('The support queue is for support agents and admins.');
  const now = ctx.clock.now();
  const refundFailed = sql<boolean>`(cases.resolved_at IS NOT NULL AND cases.closed_at IS NULL AND EXISTS (
    SELECT 1 FROM refunds r WHERE r.case_id = cases.id AND r.status = 'failed')
    AND NOT EXISTS (SELECT 1 FROM refunds r WHERE r.case_id = cases.id AND r.status IN ('pending', 'sent')))`;
  const rows = (await summaryQuery(ctx)
    .select(refundFailed.as('refund_failed'))
    .where((eb) =>
      eb.or([
        eb('cases.status', '=', 'escalated'),
        eb.and([eb('cases.resolved_at', 'is', null), eb('cases.deadline_at', '<', now)]),
        eb(refundFailed, '=', true),
      ]),
    )
    .orderBy(sql`coalesce(cases.deadline_at, cases.escalated_at, cases.resolved_at)`)
    .orderBy('cases.id')
    .limit(f.limit)
    .offset(f.offset)
    .execute()) as (SummaryRow & { refund_failed: boolean })[];
  const calendars = rows.some((r) => r.deadline_party === 'seller') ? await loadSellerCalendars(ctx.db) : null;
  return rows.map((r) => {
    const reason: QueueEntry['queueReason'] = r.status === 'escalated' ? 'escalated' : r.refund_failed ? 'refund_failed' : 'overdue';
    const due = r.deadline_at ?? r.escalated_at ?? r.resolved_at ?? r.opened_at;
    return { ...summary(r, now, calendars), queueReason: reason, dueAt: due.toISOString() };
  });
}

