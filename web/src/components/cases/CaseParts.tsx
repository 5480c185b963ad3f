import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { casesApi } from '../../api/cases';
import type { CaseView, QcReport } from '../../api/types';
import { formatDateTime } from '../../lib/format';
import { formatMoney } from '../../lib/money';
import { carrierName } from '../../lib/orders';
import { errorText, ErrorBanner } from '../ErrorMessage';
import { MultiFilePicker, type PickedFile } from '../MultiFilePicker';
import { StatusBadge } from '../StatusBadge';
import { Card, EmptyState } from '../ui';
import { BilingualText } from './Bilingual';
import { MediaGallery } from './MediaGallery';

/** One QC report: the verdict, the issues, the measurements, the inspector's notes, and the photos and videos. */
export function QcReportCard({ report, currency }: { report: QcReport; currency: string }) {
  const { t } = useTranslation();
  return (
    <article className={`qc-report qc-${report.result}`} data-testid={`qc-report-${report.id}`}>
      <header className="qc-report-head">
        <div>
          <strong>{report.item?.name ?? t('cases.qc.item')}</strong>
          {report.item && (
            <span className="muted small">
              {' · '}
              {[report.item.sku, t('cases.qc.quantity', { count: report.item.quantity }), formatMoney(report.item.unitPrice, currency)].filter(Boolean).join(' · ')}
            </span>
          )}
        </div>
        <div className="tags">
          {report.subject === 'replacement' && <span className="tag">{t('cases.qc.replacement')}</span>}
          {report.severity && <span className={`tag tag-severity-${report.severity}`}>{t(`cases.qc.severity.${report.severity}`)}</span>}
          <span className={`tag ${report.result === 'pass' ? 'tag-success' : 'tag-danger'}`}>{t(`cases.qc.result.${report.result}`)}</span>
        </div>
      </header>
      <p className="qc-summary">
        <BilingualText text={report.summary} testId="qc-summary" />
      </p>
      {report.issues.length > 0 && (
        <ul className="qc-issues">
          {report.issues.map((i, n) => (
            <li key={n}>
              <span className="tag tag-danger">{t(`cases.qc.issue.${i.type}`)}</span>
              {i.description && <span>{i.description}</span>}
            </li>
          ))}
        </ul>
      )}
      {report.measurements.length > 0 && (
        <table className="table measurements">
          <thead>
            <tr>
              <th scope="col">{t('cases.qc.measurement')}</th>
              <th scope="col">{t('cases.qc.expected')}</th>
              <th scope="col">{t('cases.qc.actual')}</th>
            </tr>
          </thead>
          <tbody>
            {report.measurements.map((m, n) => (
              <tr key={n}>
                <td>{m.name}</td>
                <td>{m.expected ? `${m.expected}${m.unit ? ` ${m.unit}` : ''}` : '—'}</td>
                <td className={m.expected && m.expected !== m.actual ? 'text-danger' : ''}>
                  {m.actual}
                  {m.unit ? ` ${m.unit}` : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {report.notes && <blockquote className="timeline-reason">{report.notes}</blockquote>}
      <MediaGallery items={report.media.map((m) => ({ ...m, kind: m.kind }))} testId="qc-media" />
      <p className="muted small">{t('cases.qc.inspectedAt', { date: formatDateTime(report.createdAt) })}</p>
    </article>
  );
}

const ROLE_SIDE: Record<string, 'buyer' | 'seller' | 'staff'> = { buyer: 'buyer', seller: 'seller' };

/**
 * The thread: messages and the structured proposals between them, oldest first, each proposal in both languages;
 * the composer sends a message with photos, videos or PDFs uploaded first, each with its progress.
 */
export function CaseThread({ c, onPosted }: { c: CaseView; onPosted: () => void }) {
  const { t } = useTranslation();
  const [body, setBody] = useState('');
  const [files, setFiles] = useState<PickedFile[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const uploaded = useRef<Map<string, string>>(new Map());
  const mayPost = c.availableActions.some((a) => a.action === 'post_message');

  const patch = (key: string, p: Partial<PickedFile>) => setFiles((list) => list.map((f) => (f.key === key ? { ...f, ...p } : f)));

  const send = async () => {
    if (!body.trim() && files.length === 0) {
      setFormError(t('cases.thread.empty'));
      return;
    }
    setFormError(null);
    setBusy(true);
    setError(null);
    try {
      const ids: string[] = [];
      for (const f of files) {
        const done = uploaded.current.get(f.key);
        if (done) {
          ids.push(done);
          continue;
        }
        patch(f.key, { progress: 0, error: null });
        try {
          const a = await casesApi.uploadAttachment(c.id, f.file, (p) => patch(f.key, { progress: p })).promise;
          uploaded.current.set(f.key, a.id);
          ids.push(a.id);
          patch(f.key, { progress: 1, done: true });
        } catch (err) {
          patch(f.key, { progress: null, error: errorText(t, err) });
          throw err;
        }
      }
      await casesApi.postMessage(c.id, body.trim(), ids);
      setBody('');
      setFiles([]);
      uploaded.current.clear();
      onPosted();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={t('cases.thread.title')} testId="case-thread">
      {c.thread.length === 0 ? (
        <p className="muted">{t('cases.thread.none')}</p>
      ) : (
        <ol className="thread">
          {c.thread.map((m) => {
            const side = ROLE_SIDE[m.author.role] ?? 'staff';
            const mine = side === c.viewer.side && side !== 'staff';
            return (
              <li key={m.id} className={`thread-item thread-${side} ${mine ? 'thread-mine' : ''} ${m.kind === 'proposal' ? 'thread-proposal' : ''}`} data-testid={`thread-${m.kind}`}>
                <div className="thread-meta">
                  {m.author.name && <strong>{m.author.name}</strong>}
                  <span className={m.author.name ? 'muted' : 'thread-role'}>{t(`roles.${m.author.role}`, { defaultValue: m.author.role })}</span>
                  <time className="muted" dateTime={m.at}>
                    {formatDateTime(m.at)}
                  </time>
                </div>
                {m.proposal ? (
                  <div className={`proposal-card proposal-${m.proposal.kind}`}>
                    <span className="proposal-label">
                      {t(`cases.proposal.kind.${m.proposal.kind}`)} · {t(`cases.proposal.status.${m.proposal.status}`)}
                    </span>
                    <BilingualText text={m.proposal.text} testId={`proposal-text-${m.proposal.kind}`} />
                  </div>
                ) : (
                  m.body && <p className="thread-body">{m.body}</p>
                )}
                <MediaGallery items={m.attachments} />
              </li>
            );
          })}
        </ol>
      )}
      {mayPost && (
        <div className="composer" data-testid="composer">
          <ErrorBanner error={error} />
          <label className="field-label" htmlFor="case-message">
            {t('cases.thread.write')}
          </label>
          <textarea
            id="case-message"
            rows={3}
            maxLength={4000}
            value={body}
            onChange={(e) => setBody(e.target.value)}
            placeholder={t('cases.thread.placeholder')}
            disabled={busy}
            aria-invalid={formError ? true : undefined}
            data-testid="message-body"
          />
          {formError && <p className="field-error">{formError}</p>}
          <MultiFilePicker
            files={files}
            onAdd={(list) => setFiles((f) => [...f, ...list].slice(0, 10))}
            onRemove={(key) => setFiles((f) => f.filter((x) => x.key !== key))}
            accept=".jpg,.jpeg,.png,.webp,.pdf,.mp4,.mov,.webm,image/*,video/*,application/pdf"
            label={t('cases.thread.attachments')}
            hint={t('cases.thread.attachmentsHint')}
            disabled={busy}
            testId="message-files"
          />
          <div className="form-actions">
            <button type="button" className="btn btn-primary" onClick={send} disabled={busy} data-testid="message-send">
              {busy ? t('cases.thread.sending') : t('cases.thread.send')}
            </button>
          </div>
        </div>
      )}
    </Card>
  );
}

/** Everything that happened to the case, in order: each move, who made it and why. */
export function CaseHistory({ c }: { c: CaseView }) {
  const { t } = useTranslation();
  if (c.history.length === 0) return null;
  // In the order it happened: the case reads as a story, from the report to the outcome.
  const items = c.history;
  return (
    <Card title={t('cases.history.title')} testId="case-history">
      <ol className="timeline">
        {items.map((h) => (
          <li key={h.id} className="timeline-item">
            <span className="timeline-marker" aria-hidden="true" />
            <div className="timeline-content">
              <div className="timeline-head">
                <strong>{t(`cases.event.${h.event}`, { defaultValue: h.event.replace(/_/g, ' ') })}</strong>
                <time dateTime={h.at}>{formatDateTime(h.at)}</time>
              </div>
              <div className="timeline-states">
                {h.from && <StatusBadge kind="case" status={h.from} />}
                {h.from && <span aria-hidden="true">→</span>}
                <StatusBadge kind="case" status={h.to} />
              </div>
              <div className="timeline-actor muted">{t('timeline.byRole', { role: t(`roles.${h.actorRole}`, { defaultValue: h.actorRole }) })}</div>
              {h.reason && <blockquote className="timeline-reason">{h.reason}</blockquote>}
            </div>
          </li>
        ))}
      </ol>
    </Card>
  );
}

/** The case's refunds through the order's ledger, until each one is settled. */
export function CaseRefunds({ c }: { c: CaseView }) {
  const { t } = useTranslation();
  const s = c.refundSummary;
  return (
    <Card title={t('cases.refunds.title')} testId="case-refunds">
      {c.refunds.length === 0 ? (
        <p className="muted" data-testid="case-refunds-none">
          {s.due > 0 ? t('cases.refunds.due', { amount: formatMoney(s.due, c.currency) }) : t('cases.refunds.none')}
        </p>
      ) : (
        <ul className="refund-list" data-testid="case-refund-list">
          {c.refunds.map((r) => (
            <li key={r.id} data-testid={`case-refund-${r.id}`}>
              <div className="refund-head">
                <strong data-testid="case-refund-amount">{formatMoney(r.amount, r.currency)}</strong>
                <StatusBadge kind="refund" status={r.status} testId="case-refund-status" />
              </div>
              <div className="muted small">
                {r.settledAt ? t('refunds.settledAt', { date: formatDateTime(r.settledAt) }) : r.failedAt ? t('refunds.failedAt', { date: formatDateTime(r.failedAt) }) : t('refunds.requestedAt', { date: formatDateTime(r.requestedAt) })}
              </div>
              {r.failureReason && <div className="error-text small">{r.failureReason}</div>}
            </li>
          ))}
        </ul>
      )}
      {c.refunds.length > 0 && <p className="muted small">{s.allSettled ? t('cases.refunds.allSettled') : t('cases.refunds.pendingNote')}</p>}
    </Card>
  );
}

/** The return label to download and the return or replacement shipments with their carrier events. */
export function CaseShipping({ c }: { c: CaseView }) {
  const { t } = useTranslation();
  if (c.labels.length === 0 && c.shipments.length === 0) return null;
  const label = c.labels.at(-1);
  return (
    <Card title={t('cases.shipping.title')} testId="case-shipping">
      {label && (
        <div className="label-box">
          <div>
            <strong>{t('cases.shipping.label')}</strong>
            <div className="muted small">
              {t('cases.shipping.shipTo', { name: label.shipTo.name, city: label.shipTo.city, province: label.shipTo.province })}
            </div>
          </div>
          <a className="btn btn-secondary btn-sm" href={casesApi.returnLabelUrl(c.id)} target="_blank" rel="noreferrer" data-testid="return-label">
            {t('cases.shipping.download')}
          </a>
        </div>
      )}
      {c.shipments.map((s) => (
        <div key={s.id} className="shipment-list case-shipment">
          <div className="shipment-head">
            <span>{t(`cases.shipping.direction.${s.direction}`)}</span>
            <code className="tracking-no">{s.trackingNumber}</code>
          </div>
          <div className="muted small">
            {carrierName(t, s.carrier)} · {t('cases.shipping.shippedAt', { date: formatDateTime(s.shippedAt) })}
            {s.deliveredAt && ` · ${t('cases.shipping.deliveredAt', { date: formatDateTime(s.deliveredAt) })}`}
            {s.receivedAt && ` · ${t('cases.shipping.receivedAt', { date: formatDateTime(s.receivedAt) })}`}
          </div>
          {s.events.length > 0 && (
            <ul className="plain-list small">
              {[...s.events].reverse().map((e, i) => (
                <li key={i}>
                  {formatDateTime(e.occurredAt)} · {e.description || e.eventCode.replace(/_/g, ' ')}
                  {e.location && <span className="muted"> · {e.location}</span>}
                </li>
              ))}
            </ul>
          )}
        </div>
      ))}
    </Card>
  );
}

/** The seller's answer times per round (for the seller and staff): the facts their responsiveness is judged on. */
export function CaseResponsiveness({ c }: { c: CaseView }) {
  const { t } = useTranslation();
  if (c.responsiveness.length === 0) return null;
  return (
    <Card title={t('cases.responsiveness.title')}>
      <ul className="plain-list">
        {c.responsiveness.map((r) => (
          <li key={r.round} className="resp-row">
            <span>{t('cases.responsiveness.round', { n: r.round })}</span>
            <span className="muted small">{t('cases.responsiveness.due', { date: formatDateTime(r.dueAt), days: r.businessDaysAllowed })}</span>
            {r.response ? (
              <span className={`tag ${r.respondedOnTime === false || r.response === 'silence' ? 'tag-danger' : 'tag-success'}`}>
                {t(`cases.responsiveness.response.${r.response}`)}
                {r.respondedOnTime === false && r.response !== 'silence' ? ` · ${t('cases.responsiveness.late')}` : ''}
              </span>
            ) : (
              <span className="tag tag-warning">{t('cases.responsiveness.pending')}</span>
            )}
          </li>
        ))}
      </ul>
    </Card>
  );
}

export function NoCases({ title, body }: { title: string; body?: string }) {
  return <EmptyState title={title}>{body}</EmptyState>;
}
