import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Json } from '../../db/tables/platform.js';
import { primaryRole, type Actor } from '../../platform/actor.js';
import type { Tx } from '../../platform/history.js';
import { newId } from '../../shared/ids.js';

/**
 * The tamper-evident log of enforcement decisions. Each entry's SHA-256 covers its content and the previous entry's
 * hash, so changing, removing or reordering any entry breaks every hash after it; `verifyLog` recomputes the chain
 * and names the first entry that does not fit. Appends lock the single head row, so entries are numbered without
 * gaps in the order their transactions commit, whatever the number of replicas.
 */

export const GENESIS_HASH = '0'.repeat(64);

export interface LogEntryInput {
  action: string;
  entityType: string;
  entityId: string;
  subjectId?: string | null;
  actor: Actor;
  policyVersion?: number | null;
  payload?: Json;
  at: Date;
}

interface HashedContent {
  seq: number;
  id: string;
  at: string;
  action: string;
  entityType: string;
  entityId: string;
  subjectId: string | null;
  actorId: string | null;
  actorRole: string;
  policyVersion: number | null;
  payload: unknown;
}

/** JSON with object keys sorted at every level: the same content always gives the same bytes. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

export function entryHash(prevHash: string, content: HashedContent): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonicalJson(content)).digest('hex');
}

/** Appends one decision to the chain, inside the caller's transaction. */
export async function appendLog(trx: Tx, e: LogEntryInput): Promise<{ seq: number; hash: string }> {
  // Stored as JSON, read back as JSON: hash what will be read back (dates become strings, undefined disappears).
  const payload = JSON.parse(JSON.stringify(e.payload ?? {})) as Json;
  const head = await trx
    .updateTable('enforcement_log_head')
    .set((eb) => ({ seq: eb('seq', '+', 1) }))
    .where('id', '=', 1)
    .returning(['seq', 'hash'])
    .executeTakeFirstOrThrow();
  const seq = Number(head.seq);
  const content: HashedContent = {
    seq,
    id: newId('evt', e.at.getTime()).replace(/^evt_/, 'elog_'),
    at: new Date(e.at.getTime()).toISOString(),
    action: e.action,
    entityType: e.entityType,
    entityId: e.entityId,
    subjectId: e.subjectId ?? null,
    actorId: e.actor.id,
    actorRole: primaryRole(e.actor),
    policyVersion: e.policyVersion ?? null,
    payload,
  };
  const hash = entryHash(head.hash, content);
  await trx
    .insertInto('enforcement_log')
    .values({
      seq,
      id: content.id,
      at: e.at,
      action: content.action,
      entity_type: content.entityType,
      entity_id: content.entityId,
      subject_id: content.subjectId,
      actor_id: content.actorId,
      actor_role: content.actorRole,
      policy_version: content.policyVersion,
      payload: JSON.stringify(payload),
      prev_hash: head.hash,
      hash,
    })
    .execute();
  await trx.updateTable('enforcement_log_head').set({ hash }).where('id', '=', 1).execute();
  return { seq, hash };
}

export interface VerifyResult {
  ok: boolean;
  entries: number;
  headSeq: number;
  lastHash: string;
  /** The first entry that does not fit the chain, and why. */
  firstBroken: { seq: number; id: string | null; reason: 'hash_mismatch' | 'prev_hash_mismatch' | 'missing_entry' | 'head_mismatch' } | null;
}

/** Recomputes the whole chain in pages (any size of log, constant memory). */
export async function verifyLog(db: Kysely<Database>, pageSize = 5000): Promise<VerifyResult> {
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  let entries = 0;
  for (;;) {
    const rows = await db.selectFrom('enforcement_log').selectAll().where('seq', '>=', expectedSeq).orderBy('seq').limit(pageSize).execute();
    for (const r of rows) {
      const seq = Number(r.seq);
      if (seq !== expectedSeq) return broken(entries, expectedSeq, null, 'missing_entry', prev, db);
      if (r.prev_hash !== prev) return broken(entries, seq, r.id, 'prev_hash_mismatch', prev, db);
      const content: HashedContent = {
        seq,
        id: r.id,
        at: r.at.toISOString(),
        action: r.action,
        entityType: r.entity_type,
        entityId: r.entity_id,
        subjectId: r.subject_id,
        actorId: r.actor_id,
        actorRole: r.actor_role,
        policyVersion: r.policy_version,
        payload: r.payload,
      };
      if (entryHash(prev, content) !== r.hash) return broken(entries, seq, r.id, 'hash_mismatch', prev, db);
      prev = r.hash;
      expectedSeq++;
      entries++;
    }
    if (rows.length < pageSize) break;
  }
  const head = await db.selectFrom('enforcement_log_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirst();
  const headSeq = Number(head?.seq ?? 0);
  // Entries cut off the end: the head still remembers how far the chain went.
  if (!head || headSeq !== entries || head.hash !== prev) {
    return { ok: false, entries, headSeq, lastHash: prev, firstBroken: { seq: entries + 1, id: null, reason: headSeq > entries ? 'missing_entry' : 'head_mismatch' } };
  }
  return { ok: true, entries, headSeq, lastHash: prev, firstBroken: null };
}

async function broken(entries: number, seq: number, id: string | null, reason: NonNullable<VerifyResult['firstBroken']>['reason'], prev: string, db: Kysely<Database>): Promise<VerifyResult> {
  const head = await db.selectFrom('enforcement_log_head').select('seq').where('id', '=', 1).executeTakeFirst();
  return { ok: false, entries, headSeq: Number(head?.seq ?? 0), lastHash: prev, firstBroken: { seq, id, reason } };
}
