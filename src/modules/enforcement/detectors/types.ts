import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../../../db/schema.js';
import type { Json } from '../../../db/tables/platform.js';
import type { Policy } from '../../../domain/policy.js';
import type { Sanction } from '../../../domain/enforcement/policy.js';

/** A rule found broken, before anyone confirms it. One fact gives one proposal (its dedupe key). */
export interface Proposal {
  subjectType: 'seller' | 'buyer';
  sellerId?: string;
  buyerId?: string;
  rule: string;
  dedupeKey: string;
  summary: string;
  evidence: Json;
  /** When the fact happened (the replay window is measured on it). */
  occurredAt?: Date;
  /** Overrides the rule's points (an audit finding or an officer may set them). */
  points?: number;
  directSanction?: Sanction;
  origin?: 'detector' | 'audit' | 'officer' | 'report';
  auditId?: string;
}

export interface DetectorEnv {
  policy: Policy;
  now: Date;
  /** Only these sellers (or buyers, for buyer detectors); null for everyone. */
  subjects: string[] | null;
}

export interface Detector {
  /** The rule it detects (a key of policy.enforcement.rules or buyerRules). */
  rule: string;
  subject: 'seller' | 'buyer';
  detect(db: Kysely<Database>, env: DetectorEnv): Promise<Proposal[]>;
}

export const DAY_MS = 86_400_000;
export const ts = (d: Date) => d.toISOString();
/** A day bucket: rate rules propose once per seller per window, not on every pass. */
export function periodKey(now: Date, windowDays: number): string {
  const period = Math.floor(now.getTime() / (Math.max(1, windowDays) * DAY_MS));
  return `p${windowDays}d${period}`;
}

/** `AND column = ANY(subjects)` when the pass is limited to some subjects; nothing for a full pass. */
export function onlySubjects(column: string, subjects: string[] | null): RawBuilder<unknown> {
  return subjects ? sql`AND ${sql.ref(column)} = ANY(${sql.val(subjects)}::text[])` : sql``;
}

const existing = new WeakMap<object, Map<string, boolean>>();

/** Whether a table another module owns exists yet (cases, disputes): detectors that read it skip it until then. */
export async function tableExists(db: Kysely<Database>, table: string): Promise<boolean> {
  let known = existing.get(db);
  if (!known) existing.set(db, (known = new Map()));
  const hit = known.get(table);
  if (hit !== undefined) return hit;
  const row = await sql<{ present: boolean }>`SELECT to_regclass(${table}) IS NOT NULL AS present`.execute(db);
  const present = !!row.rows[0]?.present;
  // Only a table that exists is remembered: one created later is seen on the next pass.
  if (present) known.set(table, true);
  return present;
}
