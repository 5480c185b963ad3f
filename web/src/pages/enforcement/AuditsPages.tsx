import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { enforcementApi, SELLER_RULES, type AuditDetail } from '../../api/enforcement';
import { Dialog } from '../../components/Dialog';
import { ErrorBanner } from '../../components/ErrorMessage';
import { Field } from '../../components/Field';
import { ReasonDialog } from '../../components/ReasonDialog';
import { useToast } from '../../components/Toast';
import { Card, EmptyState, Loading, PageHeader } from '../../components/ui';
import { EnfBadge, useRuleName } from '../../components/enforcement/bits';
import { formatDateTime } from '../../lib/format';
import { useResource } from '../../lib/useResource';

/** Audits: open one over a sample of a seller's or a category's orders or listings; the list of past audits. */
export function AuditsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const list = useResource(() => enforcementApi.audits({ limit: 100 }), []);
  const [scope, setScope] = useState<'seller' | 'category'>('seller');
  const [sellerId, setSellerId] = useState('');
  const [category, setCategory] = useState('');
  const [sampleKind, setSampleKind] = useState<'orders' | 'listings'>('orders');
  const [sampleSize, setSampleSize] = useState('10');
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const fields = error instanceof ApiError ? error.fields : {};
  const fe = (k: string) => fields[`body.${k}`] ?? fields[k];

  const open = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const a = await enforcementApi.openAudit({
        scope,
        sellerId: scope === 'seller' ? sellerId.trim() || undefined : undefined,
        category: scope === 'category' ? category.trim() || undefined : undefined,
        sampleKind,
        sampleSize: Number(sampleSize),
        note: note.trim() || undefined,
      });
      navigate(`/compliance/audits/${encodeURIComponent(a.id)}`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="page" data-testid="audits-page">
      <PageHeader title={t('enforcementAudits.title')} subtitle={t('enforcementAudits.subtitle')} />
      <div className="stack">
        <Card title={t('enforcementAudits.start')}>
          <form className="form" onSubmit={open} noValidate>
            <ErrorBanner error={error} testId="audit-error" />
            <div className="grid-2">
              <Field label={t('enforcementAudits.scope')}>
                <select value={scope} onChange={(e) => setScope(e.target.value as 'seller' | 'category')} data-testid="audit-scope">
                  <option value="seller">{t('enforcementAudits.scopeSeller')}</option>
                  <option value="category">{t('enforcementAudits.scopeCategory')}</option>
                </select>
              </Field>
              {scope === 'seller' ? (
                <Field label={t('enforcementAudits.sellerId')} required error={fe('sellerId')}>
                  <input type="text" value={sellerId} onChange={(e) => setSellerId(e.target.value)} data-testid="audit-seller" />
                </Field>
              ) : (
                <Field label={t('enforcementAudits.category')} required error={fe('category')}>
                  <input type="text" value={category} onChange={(e) => setCategory(e.target.value)} data-testid="audit-category" />
                </Field>
              )}
              <Field label={t('enforcementAudits.sampleKind')}>
                <select value={sampleKind} onChange={(e) => setSampleKind(e.target.value as 'orders' | 'listings')} data-testid="audit-kind">
                  <option value="orders">{t('enforcementAudits.orders')}</option>
                  <option value="listings">{t('enforcementAudits.listings')}</option>
                </select>
              </Field>
              <Field label={t('enforcementAudits.sampleSize')} error={fe('sampleSize')}>
                <input type="number" min={1} max={500} className="input-narrow" value={sampleSize} onChange={(e) => setSampleSize(e.target.value)} data-testid="audit-size" />
              </Field>
            </div>
            <Field label={t('enforcementAudits.note')} optionalLabel={t('common.optional')} error={fe('note')}>
              <input type="text" maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} data-testid="audit-note" />
            </Field>
            <div className="form-actions">
              <button type="submit" className="btn btn-primary" disabled={busy} data-testid="audit-open">
                {t('enforcementAudits.open')}
              </button>
            </div>
          </form>
        </Card>
        <Card title={t('enforcementAudits.list')}>
          <ErrorBanner error={list.error} />
          {(list.data?.items ?? []).length === 0 ? (
            <EmptyState title={t('enforcementAudits.empty')} />
          ) : (
            <div className="table-wrap">
              <table className="table" data-testid="audits-table">
                <thead>
                  <tr>
                    <th>{t('enforcement.col.when')}</th>
                    <th>{t('enforcementAudits.scope')}</th>
                    <th>{t('enforcementAudits.sampleKind')}</th>
                    <th className="num">{t('enforcementAudits.sampleSize')}</th>
                    <th>{t('enforcement.col.status')}</th>
                  </tr>
                </thead>
                <tbody>
                  {(list.data?.items ?? []).map((a) => (
                    <tr key={a.id} data-testid={`audit-row-${a.id}`}>
                      <td className="nowrap">
                        <Link to={`/compliance/audits/${encodeURIComponent(a.id)}`}>{formatDateTime(a.openedAt)}</Link>
                      </td>
                      <td>{a.scope === 'seller' ? <Link to={`/compliance/sellers/${encodeURIComponent(a.sellerId ?? '')}/enforcement`}>{a.sellerId}</Link> : t('enforcementAudits.categoryNamed', { category: a.category })}</td>
                      <td>{t(a.sampleKind === 'orders' ? 'enforcementAudits.orders' : 'enforcementAudits.listings')}</td>
                      <td className="num">{a.sampleSize}</td>
                      <td>
                        <EnfBadge kind="audit" status={a.status} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Card>
      </div>
    </div>
  );
}

function FindingDialog({ audit, itemId, onClose, onDone }: { audit: AuditDetail; itemId: string | null; onClose: () => void; onDone: (a: AuditDetail) => void }) {
  const { t } = useTranslation();
  const ruleName = useRuleName();
  const [rule, setRule] = useState<string>('method_mismatch');
  const [note, setNote] = useState('');
  const [points, setPoints] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [missing, setMissing] = useState(false);
  const fields = error instanceof ApiError ? error.fields : {};
  const submit = async () => {
    if (!note.trim()) {
      setMissing(true);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onDone(await enforcementApi.recordFinding(audit.id, { itemId: itemId!, rule, note: note.trim(), points: points.trim() === '' ? undefined : Number(points) }));
      setNote('');
      setPoints('');
      setMissing(false);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog open={itemId !== null} title={t('enforcementAudits.findingTitle', { item: itemId ?? '' })} onClose={() => !busy && onClose()} onSubmit={submit} busy={busy} submitLabel={t('enforcementAudits.record')} testId="audit-finding">
      <ErrorBanner error={error} />
      <p className="muted small">{t('enforcementAudits.findingHint')}</p>
      <Field label={t('enforcement.col.rule')} error={fields['body.rule']}>
        <select value={rule} onChange={(e) => setRule(e.target.value)} data-testid="audit-finding-rule">
          {SELLER_RULES.map((r) => (
            <option key={r} value={r}>
              {ruleName(r)}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('enforcementAudits.findingNote')} required error={missing && !note.trim() ? t('validation.required') : fields['body.note']}>
        <textarea rows={3} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} data-testid="audit-finding-note" />
      </Field>
      <Field label={t('enforcement.violation.points')} hint={t('enforcementAudits.pointsHint')} optionalLabel={t('common.optional')} error={fields['body.points']}>
        <input type="number" min={0} max={100} className="input-narrow" value={points} onChange={(e) => setPoints(e.target.value)} data-testid="audit-finding-points" />
      </Field>
    </Dialog>
  );
}

/** One audit: its sample, a finding recorded on any sampled item (it becomes a violation proposal), closing it. */
export function AuditPage() {
  const { t } = useTranslation();
  const ruleName = useRuleName();
  const toast = useToast();
  const { auditId = '' } = useParams();
  const res = useResource(() => enforcementApi.audit(auditId), [auditId]);
  const [item, setItem] = useState<string | null>(null);
  const [closing, setClosing] = useState(false);
  if (res.loading && !res.data) return <Loading />;
  const a = res.data;
  if (!a) return <ErrorBanner error={res.error} />;
  const findingsByItem = new Map<string, AuditDetail['findings']>();
  for (const f of a.findings) findingsByItem.set(f.itemId, [...(findingsByItem.get(f.itemId) ?? []), f]);
  const open = a.status === 'open';
  return (
    <div className="page" data-testid="audit-page">
      <PageHeader
        back={<Link to="/compliance/audits">← {t('enforcementAudits.title')}</Link>}
        title={
          <span className="title-with-badge">
            {a.scope === 'seller' ? t('enforcementAudits.titleSeller', { seller: a.sellerId }) : t('enforcementAudits.titleCategory', { category: a.category })} <EnfBadge kind="audit" status={a.status} testId="audit-status" />
          </span>
        }
        subtitle={t('enforcementAudits.pageSubtitle', { count: a.sampleSize, kind: t(a.sampleKind === 'orders' ? 'enforcementAudits.orders' : 'enforcementAudits.listings'), date: formatDateTime(a.openedAt) })}
        actions={
          open ? (
            <button type="button" className="btn btn-secondary" onClick={() => setClosing(true)} data-testid="audit-close">
              {t('enforcementAudits.close')}
            </button>
          ) : undefined
        }
      />
      {a.note && <p className="muted">{a.note}</p>}
      <Card title={t('enforcementAudits.sample')} testId="audit-sample">
        {a.sample.length === 0 ? (
          <EmptyState title={t('enforcementAudits.emptySample')} />
        ) : (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th>{t('enforcementAudits.item')}</th>
                  <th>{t('enforcementAudits.findings')}</th>
                  {open && <th>{t('common.actions')}</th>}
                </tr>
              </thead>
              <tbody>
                {a.sample.map((id) => (
                  <tr key={id} data-testid={`audit-item-${id}`}>
                    <td>
                      {a.sampleKind === 'orders' ? <Link to={`/orders/${encodeURIComponent(id)}`}>{id}</Link> : <code>{id}</code>}
                    </td>
                    <td>
                      {(findingsByItem.get(id) ?? []).map((f) => (
                        <div key={f.id} className="small">
                          {ruleName(f.rule)}: {f.note}{' '}
                          {f.violationId && (
                            <Link to={`/compliance/violations/${encodeURIComponent(f.violationId)}`} data-testid={`audit-finding-violation-${f.violationId}`}>
                              <EnfBadge kind="violation" status={f.violationStatus ?? 'proposed'} />
                            </Link>
                          )}
                        </div>
                      ))}
                    </td>
                    {open && (
                      <td>
                        <button type="button" className="btn btn-secondary btn-sm" onClick={() => setItem(id)} data-testid={`audit-record-${id}`}>
                          {t('enforcementAudits.recordFinding')}
                        </button>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
      <FindingDialog
        audit={a}
        itemId={item}
        onClose={() => setItem(null)}
        onDone={(next) => {
          res.setData(next);
          setItem(null);
          toast(t('enforcementAudits.recorded'));
        }}
      />
      <ReasonDialog
        open={closing}
        title={t('enforcementAudits.closeTitle')}
        label={t('enforcementAudits.closeNote')}
        required={false}
        submitLabel={t('enforcementAudits.close')}
        onClose={() => setClosing(false)}
        onSubmit={async (note) => {
          res.setData(await enforcementApi.closeAudit(a.id, note || undefined));
          setClosing(false);
        }}
        testId="audit-close-dialog"
      />
    </div>
  );
}
