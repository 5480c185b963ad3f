import type { AppContext } from '../../context.js';
import { PolicySchema, type Policy } from '../../domain/policy.js';
import type { Actor } from '../../platform/actor.js';
import { appendHistory } from '../../platform/history.js';
import { conflict, notFound, validationError } from '../../shared/errors.js';
import { requireAdmin, requireOfficer } from '../enforcement/access.js';
import { activePolicy } from './service.js';

/**
 * Policy drafts: an admin copies the active document into a draft, edits it (each change validated against the
 * policy schema, errors naming the field), dry-runs it, and activates it (dry-run.ts).
 */

type Plain = Record<string, unknown>;
const isPlain = (v: unknown): v is Plain => !!v && typeof v === 'object' && !Array.isArray(v);

/** Objects merge key by key; arrays and values replace; null removes a key (its default comes back). */
export function mergePatch(base: unknown, patch: unknown): unknown {
  if (!isPlain(patch)) return patch;
  const out: Plain = isPlain(base) ? { ...base } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

export function parsePolicy(document: unknown): Policy {
  const parsed = PolicySchema.safeParse(document);
  if (!parsed.success) {
    throw validationError(parsed.error.issues.map((i) => ({ field: ['document', ...i.path.map(String)].join('.'), message: i.message, rule: i.code })));
  }
  return parsed.data;
}

export function versionView(r: { version: number; status: string; document: unknown; note: string; created_by: string | null; created_at: Date; activated_by: string | null; activated_at: Date | null; retired_at: Date | null }) {
  return {
    version: r.version,
    status: r.status,
    document: r.document as Policy,
    note: r.note,
    createdBy: r.created_by,
    createdAt: r.created_at.toISOString(),
    activatedBy: r.activated_by,
    activatedAt: r.activated_at?.toISOString() ?? null,
    retiredAt: r.retired_at?.toISOString() ?? null,
  };
}

/** Compliance officers read every version (the policy editor, read-only for them); only admins change them. */
export async function listVersions(ctx: AppContext, actor: Actor) {
  requireOfficer(actor);
  const rows = await ctx.db.selectFrom('policy_versions').selectAll().orderBy('version', 'desc').execute();
  return { items: rows.map((r) => ({ ...versionView(r), document: undefined })).map(({ document: _d, ...rest }) => rest) };
}

export async function getVersion(ctx: AppContext, actor: Actor, version: number) {
  requireOfficer(actor);
  const row = await ctx.db.selectFrom('policy_versions').selectAll().where('version', '=', version).executeTakeFirst();
  if (!row) throw notFound('Policy version');
  return versionView({ ...row, document: PolicySchema.parse(row.document) });
}

/** The policy in force, for every signed-in staff member and seller (the numbers they are held to). */
export async function getActive(ctx: AppContext) {
  const { version, policy } = await activePolicy(ctx);
  const row = await ctx.db.selectFrom('policy_versions').selectAll().where('version', '=', version).executeTakeFirst();
  return row ? versionView({ ...row, document: policy }) : { version: 0, status: 'active', document: policy, note: 'defaults', createdBy: null, createdAt: new Date(0).toISOString(), activatedBy: null, activatedAt: null, retiredAt: null };
}

export async function createDraft(ctx: AppContext, actor: Actor, input: { note?: string; fromVersion?: number }) {
  requireAdmin(actor);
  const at = ctx.clock.now();
  const version = await ctx.db.transaction().execute(async (trx) => {
    const { policy, version: active } = await activePolicy(ctx, trx);
    let document: Policy = policy;
    if (input.fromVersion !== undefined) {
      const src = await trx.selectFrom('policy_versions').select('document').where('version', '=', input.fromVersion).executeTakeFirst();
      if (!src) throw notFound('Policy version');
      document = PolicySchema.parse(src.document);
    }
    // Versions are numbered in order; the lock on the newest makes two drafts at once number themselves in turn.
    const last = await trx.selectFrom('policy_versions').select('version').orderBy('version', 'desc').limit(1).forUpdate().executeTakeFirst();
    const next = (last?.version ?? 0) + 1;
    await trx
      .insertInto('policy_versions')
      .values({ version: next, status: 'draft', document: JSON.stringify(document), note: input.note ?? `Draft from version ${input.fromVersion ?? active}`, created_by: actor.id, created_at: at, activated_by: null, activated_at: null, retired_at: null })
      .execute();
    await appendHistory(trx, { entityType: 'policy_version', entityId: String(next), event: 'create_draft', from: null, to: 'draft', actor, data: { from: input.fromVersion ?? active }, at });
    return next;
  });
  return getVersion(ctx, actor, version);
}

export async function patchDraft(ctx: AppContext, actor: Actor, version: number, input: { document?: unknown; note?: string }) {
  requireAdmin(actor);
  await ctx.db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('policy_versions').selectAll().where('version', '=', version).forUpdate().executeTakeFirst();
    if (!row) throw notFound('Policy version');
    if (row.status !== 'draft') throw conflict('not_a_draft', `Version ${version} is ${row.status}; only a draft can be edited.`);
    const document = input.document === undefined ? PolicySchema.parse(row.document) : parsePolicy(mergePatch(row.document, input.document));
    await trx
      .updateTable('policy_versions')
      .set({ document: JSON.stringify(document), note: input.note ?? row.note })
      .where('version', '=', version)
      .execute();
    await appendHistory(trx, { entityType: 'policy_version', entityId: String(version), event: 'edit_draft', from: 'draft', to: 'draft', actor, data: { patch: (input.document ?? {}) as Record<string, unknown> }, at: ctx.clock.now() });
  });
  return getVersion(ctx, actor, version);
}
