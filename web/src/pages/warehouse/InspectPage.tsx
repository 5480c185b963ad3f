import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { casesApi, qcApi } from '../../api/cases';
import { ordersApi } from '../../api/orders';
import { QC_ISSUE_TYPES, QC_SEVERITIES, type OrderDetail, type QcIssueType, type QcReport, type QcSeverity } from '../../api/types';
import { QcReportCard } from '../../components/cases/CaseParts';
import { ErrorBanner, errorText } from '../../components/ErrorMessage';
import { Field } from '../../components/Field';
import { MultiFilePicker, type PickedFile } from '../../components/MultiFilePicker';
import { OrderStatusBadge } from '../../components/OrderBits';
import { StatusBadge } from '../../components/StatusBadge';
import { useToast } from '../../components/Toast';
import { Card, Loading, PageHeader } from '../../components/ui';
import { formatMoney } from '../../lib/money';
import { useResource } from '../../lib/useResource';

const MEDIA_ACCEPT = '.jpg,.jpeg,.png,.webp,.mp4,.mov,.webm,.mkv,image/jpeg,image/png,image/webp,video/*';
const REPLACEMENT_STATES = ['awaiting_replacement', 'replacement_in_transit'];

interface Measurement {
  name: string;
  expected: string;
  actual: string;
  unit: string;
}

type Item = OrderDetail['items'][number];

/** The inspection of one item: pass, or fail with issues, severity, measurements, notes, photos and videos. */
function InspectItem({ item, currency, replacement, onDone }: { item: Item; currency: string; replacement: boolean; onDone: () => void }) {
  const { t } = useTranslation();
  const toast = useToast();
  const [result, setResult] = useState<'pass' | 'fail' | ''>('');
  const [issues, setIssues] = useState<Partial<Record<QcIssueType, string>>>({});
  const [severity, setSeverity] = useState<QcSeverity | ''>('');
  const [measurements, setMeasurements] = useState<Measurement[]>([]);
  const [notes, setNotes] = useState('');
  const [media, setMedia] = useState<PickedFile[]>([]);
  const [uploaded, setUploaded] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const prefix = `inspect-${item.lineNo}`;

  const patch = (key: string, p: Partial<PickedFile>) => setMedia((list) => list.map((f) => (f.key === key ? { ...f, ...p } : f)));

  const submit = async () => {
    const found: Record<string, string> = {};
    if (!result) found.result = t('inspect.chooseResult');
    if (result === 'fail') {
      if (Object.keys(issues).length === 0) found.issues = t('inspect.chooseIssue');
      if (!severity) found.severity = t('inspect.chooseSeverity');
    }
    measurements.forEach((m, i) => {
      if ((m.name.trim() || m.expected.trim() || m.unit.trim()) && (!m.name.trim() || !m.actual.trim())) found[`m${i}`] = t('inspect.measurementIncomplete');
    });
    setErrors(found);
    if (Object.keys(found).length) return;
    setBusy(true);
    setError(null);
    try {
      const ids: string[] = [];
      const done = { ...uploaded };
      for (const f of media) {
        if (done[f.key]) {
          ids.push(done[f.key]);
          continue;
        }
        patch(f.key, { progress: 0, error: null });
        try {
          const m = await qcApi.uploadMedia(item.id, f.file, (p) => patch(f.key, { progress: p })).promise;
          done[f.key] = m.id;
          ids.push(m.id);
          patch(f.key, { progress: 1, done: true });
        } catch (err) {
          patch(f.key, { progress: null, error: errorText(t, err) });
          throw err;
        } finally {
          setUploaded({ ...done });
        }
      }
      const report = await qcApi.create({
        orderItemId: item.id,
        result: result as 'pass' | 'fail',
        ...(result === 'fail'
          ? {
              severity: severity as QcSeverity,
              issues: (Object.entries(issues) as [QcIssueType, string][]).map(([type, description]) => ({ type, description: description.trim() || null })),
            }
          : {}),
        measurements: measurements.filter((m) => m.name.trim() && m.actual.trim()).map((m) => ({ name: m.name.trim(), actual: m.actual.trim(), expected: m.expected.trim() || null, unit: m.unit.trim() || null })),
        ...(notes.trim() ? { notes: notes.trim() } : {}),
        mediaIds: ids,
      });
      toast(report.result === 'pass' ? t('inspect.passed', { name: item.name }) : t('inspect.failed', { name: item.name }));
      onDone();
    } catch (err) {
      setError(err);
      if (err instanceof ApiError && err.fields.issues) setErrors({ issues: t('inspect.chooseIssue') });
    } finally {
      setBusy(false);
    }
  };

  const toggleIssue = (type: QcIssueType) =>
    setIssues((cur) => {
      const next = { ...cur };
      if (type in next) delete next[type];
      else next[type] = '';
      return next;
    });

  return (
    <Card
      title={
        <span className="title-with-badge">
          {item.name}
          {replacement ? <span className="tag">{t('cases.qc.replacement')}</span> : <StatusBadge kind="item" status={item.status} />}
        </span>
      }
      testId={prefix}
    >
      <p className="muted small">
        {item.sku ?? item.productId} · {t('cases.qc.quantity', { count: item.quantity })} · {formatMoney(item.unitPrice, currency)}
      </p>
      <ErrorBanner error={error} />
      <div className="choice-cards">
        <label className={`choice-card ${result === 'pass' ? 'selected' : ''}`}>
          <input type="radio" name={`${prefix}-result`} checked={result === 'pass'} onChange={() => setResult('pass')} data-testid={`${prefix}-pass`} />
          <span className="choice-title">{t('inspect.pass')}</span>
          <span className="choice-desc">{t('inspect.passHint')}</span>
        </label>
        <label className={`choice-card ${result === 'fail' ? 'selected' : ''}`}>
          <input type="radio" name={`${prefix}-result`} checked={result === 'fail'} onChange={() => setResult('fail')} data-testid={`${prefix}-fail`} />
          <span className="choice-title">{t('inspect.fail')}</span>
          <span className="choice-desc">{t('inspect.failHint')}</span>
        </label>
      </div>
      {errors.result && <p className="field-error">{errors.result}</p>}
      {result === 'fail' && (
        <>
          <fieldset className={`field ${errors.issues ? 'field-invalid' : ''}`}>
            <legend className="field-label">{t('inspect.issues')}</legend>
            <div className="issue-grid">
              {QC_ISSUE_TYPES.map((type) => (
                <div key={type} className={`issue-option ${type in issues ? 'selected' : ''}`}>
                  <label className="checkbox">
                    <input type="checkbox" checked={type in issues} onChange={() => toggleIssue(type)} data-testid={`${prefix}-issue-${type}`} />
                    <span>{t(`cases.qc.issue.${type}`)}</span>
                  </label>
                  {type in issues && (
                    <input
                      value={issues[type]}
                      maxLength={500}
                      placeholder={t('inspect.issueDescription')}
                      onChange={(e) => setIssues((cur) => ({ ...cur, [type]: e.target.value }))}
                      data-testid={`${prefix}-issue-${type}-text`}
                    />
                  )}
                </div>
              ))}
            </div>
            {errors.issues && <p className="field-error">{errors.issues}</p>}
          </fieldset>
          <fieldset className={`field ${errors.severity ? 'field-invalid' : ''}`}>
            <legend className="field-label">{t('inspect.severity')}</legend>
            <div className="segmented">
              {QC_SEVERITIES.map((s) => (
                <label key={s} className={`segment ${severity === s ? 'active' : ''}`} data-testid={`${prefix}-severity-${s}`}>
                  <input type="radio" name={`${prefix}-severity`} checked={severity === s} onChange={() => setSeverity(s)} />
                  {t(`cases.qc.severity.${s}`)}
                </label>
              ))}
            </div>
            {errors.severity && <p className="field-error">{errors.severity}</p>}
          </fieldset>
        </>
      )}
      {result && (
        <>
          <div className="field">
            <span className="field-label">
              {t('inspect.measurements')} <span className="field-optional">{t('common.optional')}</span>
            </span>
            {measurements.map((m, i) => (
              <div key={i} className={`measure-row ${errors[`m${i}`] ? 'field-invalid' : ''}`}>
                <input placeholder={t('inspect.mName')} value={m.name} onChange={(e) => setMeasurements((l) => l.map((x, j) => (j === i ? { ...x, name: e.target.value } : x)))} aria-label={t('inspect.mName')} />
                <input placeholder={t('inspect.mExpected')} value={m.expected} onChange={(e) => setMeasurements((l) => l.map((x, j) => (j === i ? { ...x, expected: e.target.value } : x)))} aria-label={t('inspect.mExpected')} />
                <input placeholder={t('inspect.mActual')} value={m.actual} onChange={(e) => setMeasurements((l) => l.map((x, j) => (j === i ? { ...x, actual: e.target.value } : x)))} aria-label={t('inspect.mActual')} />
                <input placeholder={t('inspect.mUnit')} value={m.unit} onChange={(e) => setMeasurements((l) => l.map((x, j) => (j === i ? { ...x, unit: e.target.value } : x)))} aria-label={t('inspect.mUnit')} />
                <button type="button" className="btn btn-ghost btn-sm" onClick={() => setMeasurements((l) => l.filter((_, j) => j !== i))}>
                  {t('common.remove')}
                </button>
                {errors[`m${i}`] && <p className="field-error">{errors[`m${i}`]}</p>}
              </div>
            ))}
            <button type="button" className="btn btn-secondary btn-sm" onClick={() => setMeasurements((l) => [...l, { name: '', expected: '', actual: '', unit: '' }])} data-testid={`${prefix}-add-measurement`}>
              + {t('inspect.addMeasurement')}
            </button>
          </div>
          <Field label={t('inspect.notes')} optionalLabel={t('common.optional')}>
            <textarea rows={2} maxLength={2000} value={notes} onChange={(e) => setNotes(e.target.value)} data-testid={`${prefix}-notes`} />
          </Field>
          <MultiFilePicker
            files={media}
            onAdd={(list) => setMedia((m) => [...m, ...list])}
            onRemove={(key) => setMedia((m) => m.filter((x) => x.key !== key))}
            accept={MEDIA_ACCEPT}
            label={t('inspect.media')}
            hint={t('inspect.mediaHint')}
            disabled={busy}
            testId={`${prefix}-media`}
          />
          <div className="form-actions">
            <button type="button" className={`btn ${result === 'fail' ? 'btn-danger' : 'btn-success'}`} onClick={submit} disabled={busy} data-testid={`${prefix}-submit`}>
              {busy ? t('common.saving') : result === 'fail' ? t('inspect.submitFail') : t('inspect.submitPass')}
            </button>
          </div>
        </>
      )}
    </Card>
  );
}

async function loadInspection(orderId: string) {
  const [order, reports, cases] = await Promise.all([ordersApi.get(orderId), qcApi.reports({ orderId, limit: 200 }), casesApi.list({ orderId, limit: 200 })]);
  return { order, reports: reports.items, cases: cases.items };
}

/** A QC inspector inspects the items of an order received at the warehouse (or an exchange's replacement). */
export function InspectPage() {
  const { t } = useTranslation();
  const { orderId = '' } = useParams();
  const data = useResource(() => loadInspection(orderId), [orderId]);
  if (data.loading && !data.data) return <Loading />;
  if (!data.data) {
    return (
      <div className="page">
        <PageHeader title={t('inspect.title')} />
        <ErrorBanner error={data.error} />
      </div>
    );
  }
  const { order, reports, cases } = data.data;
  const replacementFor = (itemId: string) => cases.find((c) => c.orderItemId === itemId && REPLACEMENT_STATES.includes(c.status));
  const pending = order.items.filter((i) => i.status === 'received_at_warehouse' || replacementFor(i.id));
  const byItem = (itemId: string): QcReport[] => reports.filter((r) => r.orderItemId === itemId);
  return (
    <div className="page" data-testid="inspect-page">
      <PageHeader
        back={<Link to="/warehouse/qc">← {t('warehouse.qc.title')}</Link>}
        title={
          <span className="title-with-badge">
            {t('inspect.titleFor', { ref: order.externalId })}
            <OrderStatusBadge status={order.status} />
          </span>
        }
        subtitle={t('inspect.subtitle')}
      />
      <div className="stack">
        {pending.length === 0 && <div className="callout callout-success">{t('inspect.allDone')}</div>}
        {pending.map((i) => (
          <InspectItem key={`${i.id}-${byItem(i.id).length}`} item={i} currency={order.currency} replacement={!!replacementFor(i.id)} onDone={() => void data.reload()} />
        ))}
        {reports.length > 0 && (
          <Card title={t('inspect.reports')}>
            {reports.map((r) => (
              <div key={r.id} className="report-wrap">
                <QcReportCard report={r} currency={order.currency} />
                {r.caseId && (
                  <Link to={`/cases/${r.caseId}`} className="small" data-testid={`inspect-case-${r.caseId}`}>
                    {t('inspect.openCase')}
                  </Link>
                )}
              </div>
            ))}
          </Card>
        )}
      </div>
    </div>
  );
}
