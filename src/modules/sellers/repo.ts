import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { ApplicationStatus, DocumentKind, SellerStatus, SellerTables } from '../../db/tables/sellers.js';
import type { Tx } from '../../platform/history.js';

/** SQL of the sellers module; no rules here, only reads and writes. */
type Q = Kysely<Database>;

export type SellerRow = Selectable<SellerTables['sellers']>;
export type ApplicationRow = Selectable<SellerTables['seller_applications']>;
export type DocumentRow = Selectable<SellerTables['seller_documents']>;

/**
 * `date` columns as 'YYYY-MM-DD'. The pg driver is configured for that; the embedded engine may still hand
 * back a Date (at UTC midnight), so document rows are normalised here, once.
 */
function dayString(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return String(v).slice(0, 10);
}

function documentRow(row: DocumentRow): DocumentRow {
  return { ...row, expires_on: dayString(row.expires_on) };
}

export function findSeller(db: Q, sellerId: string): Promise<SellerRow | undefined> {
  return db.selectFrom('sellers').selectAll().where('id', '=', sellerId).executeTakeFirst();
}

export function findApplication(db: Q, sellerId: string): Promise<ApplicationRow | undefined> {
  return db.selectFrom('seller_applications').selectAll().where('seller_id', '=', sellerId).executeTakeFirst();
}

/** Locks the seller's application: every command on a seller's verification serialises on this row. */
export function lockApplication(trx: Tx, sellerId: string): Promise<ApplicationRow | undefined> {
  return trx.selectFrom('seller_applications').selectAll().where('seller_id', '=', sellerId).forUpdate().executeTakeFirst();
}

export function lockApplicationById(trx: Tx, applicationId: string): Promise<ApplicationRow | undefined> {
  return trx.selectFrom('seller_applications').selectAll().where('id', '=', applicationId).forUpdate().executeTakeFirst();
}

/** The current (not superseded) document of each kind. */
export async function currentDocuments(db: Q, applicationId: string): Promise<DocumentRow[]> {
  const rows = await db
    .selectFrom('seller_documents')
    .selectAll()
    .where('application_id', '=', applicationId)
    .where('status', '<>', 'superseded')
    .orderBy('kind')
    .execute();
  return rows.map(documentRow);
}

export async function findDocument(db: Q, documentId: string): Promise<DocumentRow | undefined> {
  const row = await db.selectFrom('seller_documents').selectAll().where('id', '=', documentId).executeTakeFirst();
  return row && documentRow(row);
}

export async function nextDocumentVersion(trx: Tx, applicationId: string, kind: DocumentKind): Promise<number> {
  const row = await trx
    .selectFrom('seller_documents')
    .select(sql<number>`coalesce(max(version), 0)`.as('v'))
    .where('application_id', '=', applicationId)
    .where('kind', '=', kind)
    .executeTakeFirstOrThrow();
  return Number(row.v) + 1;
}

export async function ownedSellerId(db: Q, userId: string): Promise<string | null> {
  const row = await db
    .selectFrom('seller_members')
    .select('seller_id')
    .where('user_id', '=', userId)
    .where('member_role', '=', 'owner')
    .executeTakeFirst();
  return row?.seller_id ?? null;
}

/** The seller profile's rows in one round trip: the seller, its application, current documents and members. */
export interface ProfileRow extends SellerRow {
  app_id: string;
  app_status: ApplicationStatus;
  app_submitted_at: Date | null;
  app_waiting_since: Date | null;
  app_decided_at: Date | null;
  app_decision_reason: string | null;
  documents: { id: string; kind: DocumentKind; status: DocumentRow['status']; expires_on: string | null; version: number }[];
  /** `since` in epoch milliseconds (JSON carries no timestamps). */
  members: { userId: string; name: string; email: string; memberRole: 'owner' | 'staff'; since: number }[];
}

/** Profiles of these sellers (those that exist), by seller id. */
export async function sellerProfiles(db: Q, sellerIds: string[]): Promise<Map<string, ProfileRow>> {
  const result = await sql<ProfileRow>`
    SELECT s.*,
           a.id AS app_id, a.status AS app_status, a.submitted_at AS app_submitted_at, a.waiting_since AS app_waiting_since,
           a.decided_at AS app_decided_at, a.decision_reason AS app_decision_reason,
           COALESCE((SELECT json_agg(json_build_object('id', d.id, 'kind', d.kind, 'status', d.status, 'expires_on', d.expires_on, 'version', d.version) ORDER BY d.kind)
                     FROM seller_documents d WHERE d.application_id = a.id AND d.status <> 'superseded'), '[]'::json) AS documents,
           COALESCE((SELECT json_agg(json_build_object('userId', u.id, 'name', u.name, 'email', u.email, 'memberRole', m.member_role,
                                                       'since', floor(extract(epoch FROM m.created_at) * 1000)) ORDER BY m.created_at)
                     FROM seller_members m JOIN users u ON u.id = m.user_id WHERE m.seller_id = s.id), '[]'::json) AS members
    FROM sellers s JOIN seller_applications a ON a.seller_id = s.id
    WHERE s.id = ANY(${sellerIds}::text[])`.execute(db);
  return new Map(result.rows.map((r) => [r.id, r]));
}

export function members(db: Q, sellerId: string) {
  return db
    .selectFrom('seller_members')
    .innerJoin('users', 'users.id', 'seller_members.user_id')
    .select(['users.id as userId', 'users.name', 'users.email', 'seller_members.member_role as memberRole', 'seller_members.created_at as since'])
    .where('seller_members.seller_id', '=', sellerId)
    .orderBy('seller_members.created_at')
    .execute();
}

export interface TimelineRow {
  id: string;
  at: Date;
  entity_type: string;
  entity_id: string;
  event: string;
  from_state: string | null;
  to_state: string;
  actor_id: string | null;
  actor_role: string;
  actor_name: string | null;
  reason: string | null;
  data: Record<string, unknown>;
}

/** The history of the seller, its application and its documents, newest first. */
export async function timeline(db: Q, sellerId: string, page: { limit: number; offset: number }): Promise<{ rows: TimelineRow[]; total: number }> {
  const rows = await db
    .selectFrom('entity_history as h')
    .leftJoin('users as u', 'u.id', 'h.actor_id')
    .select([
      'h.id',
      'h.at',
      'h.entity_type',
      'h.entity_id',
      'h.event',
      'h.from_state',
      'h.to_state',
      'h.actor_id',
      'h.actor_role',
      'u.name as actor_name',
      'h.reason',
      'h.data',
    ])
    .where('h.seller_id', '=', sellerId)
    .orderBy('h.at', 'desc')
    .orderBy('h.id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  const total = await db
    .selectFrom('entity_history')
    .select(sql<number>`count(*)`.as('n'))
    .where('seller_id', '=', sellerId)
    .executeTakeFirstOrThrow();
  return { rows: rows as TimelineRow[], total: Number(total.n) };
}

/** `%` and `_` in a search term are literal. */
function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export interface SellerListFilter {
  status?: SellerStatus;
  q?: string;
  limit: number;
  offset: number;
  /** Only these sellers (a non-staff caller's own); undefined means all. */
  onlyIds?: string[];
}

export async function listSellers(db: Q, f: SellerListFilter) {
  if (f.onlyIds && f.onlyIds.length === 0) return { rows: [], total: 0 };
  let q = db.selectFrom('sellers as s').leftJoin('seller_applications as a', 'a.seller_id', 's.id');
  if (f.onlyIds) q = q.where('s.id', 'in', f.onlyIds);
  if (f.status) q = q.where('s.status', '=', f.status);
  if (f.q) {
    const p = likePattern(f.q.trim());
    q = q.where((eb) => eb.or([eb('s.shop_name', 'ilike', p), eb('s.legal_name', 'ilike', p), eb('s.id', 'ilike', p), eb('s.contact_email', 'ilike', p)]));
  }
  const rows = await q
    .select([
      's.id',
      's.legal_name',
      's.shop_name',
      's.country',
      's.region',
      's.business_type',
      's.status',
      's.verified_at',
      's.created_at',
      'a.status as application_status',
    ])
    .orderBy('s.created_at', 'desc')
    .orderBy('s.id', 'desc')
    .limit(f.limit)
    .offset(f.offset)
    .execute();
  const total = await q.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
  return { rows, total: Number(total.n) };
}

export interface QueueRow {
  application_id: string;
  application_status: ApplicationStatus;
  submitted_at: Date | null;
  waiting_since: Date | null;
  seller_id: string;
  legal_name: string;
  shop_name: string;
  country: string;
  region: string;
  business_type: 'individual' | 'company';
  seller_status: SellerStatus;
  pending_review: number;
  approved: number;
  rejected: number;
  revision_requested: number;
  expired: number;
}

const QUEUE_STATUSES: ApplicationStatus[] = ['submitted', 'under_review'];

/**
 * Applications waiting for staff, the longest-waiting first, with their documents counted by status; and how
 * many wait in all. One round trip: the page is taken from the queue index before anything is joined or
 * counted, so the cost follows the page size, not the queue's length.
 */
export async function reviewQueue(db: Q, page: { limit: number; offset: number; status?: ApplicationStatus }): Promise<{ rows: QueueRow[]; total: number }> {
  const statuses = page.status ? [page.status] : QUEUE_STATUSES;
  const result = await sql<QueueRow & { total: number }>`
    SELECT t.total, p.*
    FROM (SELECT count(*) AS total FROM seller_applications WHERE status IN (${sql.join(statuses)})) t
    LEFT JOIN LATERAL (
      SELECT a.id AS application_id, a.status AS application_status, a.submitted_at, a.waiting_since,
             s.id AS seller_id, s.legal_name, s.shop_name, s.country, s.region, s.business_type, s.status AS seller_status,
             d.pending_review, d.approved, d.rejected, d.revision_requested, d.expired
      FROM (
        SELECT id, seller_id, status, submitted_at, waiting_since FROM seller_applications
        WHERE status IN (${sql.join(statuses)})
        ORDER BY waiting_since ASC NULLS LAST, id
        LIMIT ${page.limit} OFFSET ${page.offset}
      ) a
      JOIN sellers s ON s.id = a.seller_id
      CROSS JOIN LATERAL (
        SELECT count(*) FILTER (WHERE status = 'pending_review') AS pending_review,
               count(*) FILTER (WHERE status = 'approved') AS approved,
               count(*) FILTER (WHERE status = 'rejected') AS rejected,
               count(*) FILTER (WHERE status = 'revision_requested') AS revision_requested,
               count(*) FILTER (WHERE status = 'expired') AS expired
        FROM seller_documents WHERE application_id = a.id AND status <> 'superseded'
      ) d
    ) p ON true
    ORDER BY p.waiting_since ASC NULLS LAST, p.application_id`.execute(db);
  const rows = result.rows;
  const total = Number(rows[0]?.total ?? 0);
  // An empty page still carries the total, on a row without an application.
  const items = rows.filter((r) => r.application_id !== null).map(({ total: _total, ...r }) => r as QueueRow);
  return { rows: items, total };
}
