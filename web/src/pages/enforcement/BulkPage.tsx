import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { enforcementApi, SELLER_RULES, SELLER_SANCTIONS, type BatchCriteria, type BatchDetail, type PublicReport, type SellerSanction } from '../../api/enforcement';
import { useConfirm } from '../../components/Confirm';
import { ErrorBanner } from '../../components/ErrorMessage';
import { Field } from '../../components/Field';
import { ReasonDialog } from '../../components/ReasonDialog';
import { StatusBadge } from '../../components/StatusBadge';
import { useToast } from '../../components/Toast';
import { Callout, Card, EmptyState, PageHeader } from '../../components/ui';
import { EnfBadge, SanctionTag, useRuleName, useSanctionName } from '../../components/enforcement/bits';
import { countryName, formatDateTime } from '../../lib/format';
import { useResource } from '../../lib/useResource';

const STATUSES = ['active', 'restricted', 'suspended', 'reverification', 'pending_verification', 'banned'];

/** The criteria as the API takes them, from the form's text: empty boxes are left out. */
function criteriaOf(f: { sellerIds: string; statuses: string[]; country: string; minActivePoints: string; rule: string; withinDays: string; minSignals: string }): BatchCriteria {
  const num = (s: string) => (s.trim() === '' ? undefined : Number(s));
  const ids = f.sellerIds.split(/[\s,;]+/).map((s) => s.trim()).filter(Boolean);
  return {
    sellerIds: ids.length ? ids : undefined,
    statuses: f.statuses.length ? f.statuses : undefined,
    country: f.country.trim() ? f.country.trim().toUpperCase() : undefined,
    minActivePoints: num(f.minActivePoints),
    rule: f.rule || undefined,
    withinDays: num(f.withinDays),
    minSignals: num(f.minSignals),
  };
}

/** Bulk enforcement: sellers chosen by criteria, previewed, one sanction with one reason, a public report, undo. */
export function BulkPage() {
  const { t } = useTranslation();
  const ruleName = useRuleName();
  const sanctionName = useSanctionName();
  const confirm = useConfirm();
  const toast = useToast();
  const [form, setForm] = useState({ sellerIds: '', statuses: [] as string[], country: '', minActivePoints: '', rule: '', withinDays: '', minSignals: '' });
  const [sanction, setSanction] = useState<SellerSanction>('suspension');
  const [reason, setReason] = useState('');
  const [publicSummary, setPublicSummary] = useState('');
  const [publish, setPublish] = useState(true);
  const [preview, setPreview] = useState<BatchDetail | null>(null);
  const [report, setReport] = useState<{ batch: BatchDetail; report: PublicReport | null } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [undoing, setUndoing] = useState<string | null>(null);
  const batches = useResource(() => enforcementApi.batches({ limit: 50 }), []);
  const fields = error instanceof ApiError ? error.fields : {};
  const fe = (k: string) => fields[`body.${k}`] ?? fields[k];
  const set = (k: keyof typeof form, v: string | string[]) => setForm((f) => ({ ...f, [k]: v }));

  const doPreview = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setReport(null);
    try {
      if (preview && preview.status === 'previewed') await enforcementApi.discardBatch(preview.id).catch(() => undefined);
      setPreview(await enforcementApi.previewBatch({ criteria: criteriaOf(form), sanction, reason: reason.trim(), publicSummary: publicSummary.trim() || undefined }));
      void batches.reload();
    } catch (err) {
      setError(err);
      setPreview(null);
    } finally {
      setBusy(false);
    }
  };

  const apply = async () => {
    if (!preview) return;
    const ok = await confirm({
      title: t('enforcementBulk.applyTitle', { count: preview.selected }),
      body: t('enforcementBulk.applyBody', { count: preview.selected, sanction: sanctionName(preview.sanction), reason: preview.reason }),
      confirmLabel: t('enforcementBulk.apply'),
      tone: 'danger',
    });
    if (!ok) return;
    setBusy(true);
    setError(null);
    try {
      const done = await enforcementApi.applyBatch(preview.id, publish);
      setReport({ batch: done, report: done.published ? await enforcementApi.publicReport(done.id) : null });
      setPreview(null);
      toast(t('enforcementBulk.applied', { count: done.applied ?? 0 }));
      void batches.reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const discard = async () => {
    if (!preview) return;
    await enforcementApi.discardBatch(preview.id).catch(setError);
    setPreview(null);
    void batches.reload();
  };

  return (
    <div className="page" data-testid="bulk-page">
      <PageHeader title={t('enforcementBulk.title')} subtitle={t('enforcementBulk.subtitle')} />
      <div className="stack">
        <Card title={t('enforcementBulk.criteria')}>
          <form className="form" onSubmit={doPreview} noValidate>
            <ErrorBanner error={error} testId="bulk-error" />
            <div className="grid-2">
              <Field label={t('enforcementBulk.sellerIds')} hint={t('enforcementBulk.sellerIdsHint')} optionalLabel={t('common.optional')} error={fe('criteria.sellerIds') ?? fe('criteria')}>
                <textarea rows={3} value={form.sellerIds} onChange={(e) => set('sellerIds', e.target.value)} data-testid="bulk-seller-ids" />
              </Field>
              <div className="field">
                <span className="field-label">{t('enforcementBulk.statuses')}</span>
                <div className="checkbox-grid">
                  {STATUSES.map((s) => (
                    <label key={s} className="checkbox">
                      <input
                        type="checkbox"
                        checked={form.statuses.includes(s)}
                        onChange={(e) => set('statuses', e.target.checked ? [...form.statuses, s] : form.statuses.filter((x) => x !== s))}
                        data-testid={`bulk-status-${s}`}
                      />{' '}
                      {t(`status.seller.${s}`)}
                    </label>
                  ))}
                </div>
              </div>
              <Field label={t('enforcementBulk.country')} hint={t('enforcementBulk.countryHint')} optionalLabel={t('common.optional')} error={fe('criteria.country')}>
                <input type="text" maxLength={2} className="input-narrow" value={form.country} onChange={(e) => set('country', e.target.value)} data-testid="bulk-country" />
              </Field>
              <Field label={t('enforcementBulk.minActivePoints')} optionalLabel={t('common.optional')} error={fe('criteria.minActivePoints')}>
                <input type="number" min={1} className="input-narrow" value={form.minActivePoints} onChange={(e) => set('minActivePoints', e.target.value)} data-testid="bulk-min-points" />
              </Field>
              <Field label={t('enforcementBulk.rule')} hint={t('enforcementBulk.ruleHint')} optionalLabel={t('common.optional')} error={fe('criteria.rule')}>
                <select value={form.rule} onChange={(e) => set('rule', e.target.value)} data-testid="bulk-rule">
                  <option value="">{t('enforcementBulk.anyRule')}</option>
                  {SELLER_RULES.map((r) => (
                    <option key={r} value={r}>
                      {ruleName(r)}
                    </option>
                  ))}
                </select>
              </Field>
              <Field label={t('enforcementBulk.withinDays')} hint={t('enforcementBulk.withinDaysHint')} optionalLabel={t('common.optional')} error={fe('criteria.withinDays')}>
                <input type="number" min={1} className="input-narrow" value={form.withinDays} onChange={(e) => set('withinDays', e.target.value)} data-testid="bulk-within-days" />
              </Field>
              <Field label={t('enforcementBulk.minSignals')} hint={t('enforcementBulk.minSignalsHint')} optionalLabel={t('common.optional')} error={fe('criteria.minSignals')}>
                <input type="number" min={1} className="input-narrow" value={form.minSignals} onChange={(e) => set('minSignals', e.target.value)} data-testid="bulk-min-signals" />
              </Field>
            </div>
            <h3 className="subhead">{t('enforcementBulk.action')}</h3>
            <div className="grid-2">
              <Field label={t('enforcementBulk.sanction')} error={fe('sanction')}>
                <select value={sanction} onChange={(e) => setSanction(e.target.value as SellerSanction)} data-testid="bulk-sanction">
                  {SELLER_SANCTIONS.map((k) => (
                    <option key={k} value={k}>
                      {sanctionName(k)}
                    </option>
                  ))}
                </select>
              </Field>
              <Field label={t('enforcementBulk.publicSummary')} hint={t('enforcementBulk.publicSummaryHint')} optionalLabel={t('common.optional')} error={fe('publicSummary')}>
                <input type="text" maxLength={2000} value={publicSummary} onChange={(e) => setPublicSummary(e.target.value)} data-testid="bulk-public-summary" />
              </Field>
            </div>
            <Field label={t('enforcementBulk.reason')} required error={fe('reason')}>
              <textarea rows={3} maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="bulk-reason" />
            </Field>
            <div className="form-actions">
              <button type="submit" className="btn btn-primary" disabled={busy} data-testid="bulk-preview">
                {t('enforcementBulk.preview')}
              </button>
            </div>
          </form>
        </Card>

        {preview && (
          <Card title={t('enforcementBulk.previewTitle', { count: preview.selected })} testId="bulk-preview-card">
            <p>
              <SanctionTag kind={preview.sanction} /> {preview.reason}
            </p>
            {preview.sellers.length === 0 ? (
              <EmptyState title={t('enforcementBulk.noneSelected')} />
            ) : (
              <div className="table-wrap">
                <table className="table" data-testid="bulk-preview-sellers">
                  <thead>
                    <tr>
                      <th>{t('enforcement.col.seller')}</th>
                      <th>{t('enforcementBulk.country')}</th>
                      <th>{t('enforcement.col.status')}</th>
                      <th className="num">{t('enforcement.file.activePoints')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {preview.sellers.map((s) => (
                      <tr key={s.id} data-testid={`bulk-seller-${s.id}`}>
                        <td>
                          <Link to={`/compliance/sellers/${encodeURIComponent(s.id)}/enforcement`}>{s.shopName}</Link>
                          <div className="cell-sub">{s.id}</div>
                        </td>
                        <td>{countryName(s.country)}</td>
                        <td>
                          <StatusBadge kind="seller" status={s.status} />
                        </td>
                        <td className="num">{s.activePoints}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            <label className="checkbox">
              <input type="checkbox" checked={publish} onChange={(e) => setPublish(e.target.checked)} data-testid="bulk-publish" /> {t('enforcementBulk.publish')}
            </label>
            <div className="form-actions">
              <button type="button" className="btn btn-secondary" onClick={() => void discard()} disabled={busy} data-testid="bulk-discard">
                {t('enforcementBulk.discard')}
              </button>
              <button type="button" className="btn btn-danger" onClick={() => void apply()} disabled={busy || preview.selected === 0} data-testid="bulk-apply">
                {t('enforcementBulk.applyCount', { count: preview.selected })}
              </button>
            </div>
          </Card>
        )}

        {report && (
          <Callout tone="success" title={t('enforcementBulk.reportTitle')} testId="bulk-report">
            <p data-testid="bulk-report-text">
              {report.report
                ? t('enforcementBulk.reportText', { count: report.report.sellers, sanction: sanctionName(report.report.sanction), summary: report.report.summary })
                : t('enforcementBulk.reportUnpublished', { count: report.batch.applied ?? 0, sanction: sanctionName(report.batch.sanction), summary: report.batch.reason })}
            </p>
            {report.report && <p className="muted small">{t('enforcementBulk.reportPublic', { id: report.report.id })}</p>}
          </Callout>
        )}

        <Card title={t('enforcementBulk.history')} testId="bulk-history">
          <ErrorBanner error={batches.error} />
          {(batches.data?.items ?? []).length === 0 ? (
            <EmptyState title={t('enforcementBulk.noBatches')} />
          ) : (
            <div className="table-wrap">
              <table className="table">
                <thead>
                  <tr>
                    <th>{t('enforcement.col.when')}</th>
                    <th>{t('enforcement.col.sanction')}</th>
                    <th>{t('enforcement.col.reason')}</th>
                    <th className="num">{t('enforcementBulk.sellers')}</th>
                    <th>{t('enforcement.col.status')}</th>
                    <th>{t('common.actions')}</th>
                  </tr>
                </thead>
                <tbody>
                  {(batches.data?.items ?? []).map((b) => (
                    <tr key={b.id} data-testid={`batch-${b.id}`}>
                      <td className="nowrap">{formatDateTime(b.appliedAt ?? b.previewedAt)}</td>
                      <td>
                        <SanctionTag kind={b.sanction} />
                      </td>
                      <td className="small">
                        {b.reason}
                        {b.published && <div className="cell-sub">{t('enforcementBulk.publishedAs', { summary: b.publicSummary || b.reason })}</div>}
                        {b.undoReason && <div className="cell-sub">{t('enforcementBulk.undoneBecause', { reason: b.undoReason })}</div>}
                      </td>
                      <td className="num">{b.applied ?? b.selected}</td>
                      <td>
                        <EnfBadge kind="batch" status={b.status} testId={`batch-status-${b.id}`} />
                      </td>
                      <td>
                        {b.status === 'applied' && (
                          <button type="button" className="btn btn-secondary btn-sm" onClick={() => setUndoing(b.id)} data-testid={`batch-undo-${b.id}`}>
                            {t('enforcementBulk.undo')}
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Card>
      </div>
      <ReasonDialog
        open={undoing !== null}
        title={t('enforcementBulk.undoTitle')}
        body={t('enforcementBulk.undoBody')}
        label={t('enforcementBulk.reason')}
        submitLabel={t('enforcementBulk.undo')}
        onClose={() => setUndoing(null)}
        onSubmit={async (r) => {
          await enforcementApi.undoBatch(undoing!, r);
          setUndoing(null);
          setReport(null);
          toast(t('enforcementBulk.undone'));
          await batches.reload();
        }}
        testId="batch-undo"
      />
    </div>
  );
}
