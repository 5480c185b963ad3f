import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApplicationView } from '../../api/types';
import { DocumentPreview } from '../../components/DocumentPreview';
import { StatusBadge } from '../../components/StatusBadge';
import { Card } from '../../components/ui';
import { formatDate, formatDateTime } from '../../lib/format';
import { ReapplyPanel } from '../team/ReapplyPanel';

const ICONS: Record<string, string> = {
  submitted: 'M12 7v5l3 2M12 21a9 9 0 1 1 0-18 9 9 0 0 1 0 18z',
  under_review: 'M11 18a7 7 0 1 1 0-14 7 7 0 0 1 0 14zM20 20l-4-4',
  verified: 'M5 12.5l4.5 4.5L19 7.5',
  rejected: 'M6 6l12 12M18 6L6 18',
};

/** The application once it is with the platform: where it stands, what happens next, and each document. */
export function StatusView({ view, onChanged }: { view: ApplicationView; onChanged?: () => Promise<void> }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<string | null>(null);
  const status = view.application.status;
  const tone = status === 'verified' ? 'success' : status === 'rejected' ? 'danger' : 'info';
  return (
    <div className="stack">
      <section className={`hero hero-${tone}`} data-testid="status-hero" data-status={status}>
        <span className="hero-icon" aria-hidden="true">
          <svg width="28" height="28" viewBox="0 0 24 24">
            <path d={ICONS[status] ?? ICONS.submitted} fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" />
          </svg>
        </span>
        <div>
          <h2 data-testid="status-title">{t(`seller.status.${status}.title`)}</h2>
          <p>{t(`seller.status.${status}.body`)}</p>
          {status === 'rejected' && view.application.decisionReason && (
            <blockquote className="timeline-reason" data-testid="rejection-reason">
              {view.application.decisionReason}
            </blockquote>
          )}
          <p className="muted small">
            {view.application.submittedAt && t('seller.status.submittedAt', { date: formatDateTime(view.application.submittedAt) })}
            {view.application.decidedAt && ` · ${t('seller.status.decidedAt', { date: formatDateTime(view.application.decidedAt) })}`}
          </p>
        </div>
      </section>
      <Card title={t('seller.review.documentsTitle')}>
        <ul className="doc-summary">
          {view.documents.map((doc) => (
            <li key={doc.id} className="doc-summary-block">
              <div className="doc-summary-row">
                <span className="doc-summary-name">{t(`documents.kind.${doc.kind}.title`)}</span>
                <span className="muted doc-summary-file">
                  {doc.fileName}
                  {doc.expiresOn ? ` · ${t('documents.expiresOn', { date: formatDate(doc.expiresOn) })}` : ''}
                </span>
                <StatusBadge kind="document" status={doc.status} testId={`doc-status-${doc.kind}`} />
                <button type="button" className="btn btn-ghost btn-sm" onClick={() => setOpen(open === doc.id ? null : doc.id)} aria-expanded={open === doc.id}>
                  {open === doc.id ? t('documents.hide') : t('documents.view')}
                </button>
              </div>
              {doc.reviewReason && (doc.status === 'rejected' || doc.status === 'revision_requested') && (
                <div className="reason" role="note">
                  <span className="reason-label">{t('documents.reviewerNote')}</span>
                  <p>{doc.reviewReason}</p>
                </div>
              )}
              {open === doc.id && <DocumentPreview doc={doc} compact />}
            </li>
          ))}
        </ul>
      </Card>
      <ReapplyPanel view={view} onReapplied={onChanged} />
    </div>
  );
}
