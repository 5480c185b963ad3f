import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { sellersApi } from '../../api/sellers';
import type { ApplicationView, DocumentDecision, SellerDocument } from '../../api/types';
import { Dialog } from '../../components/Dialog';
import { DocumentPreview } from '../../components/DocumentPreview';
import { ErrorBanner, errorText } from '../../components/ErrorMessage';
import { Field } from '../../components/Field';
import { SellerDetailsList } from '../../components/SellerDetails';
import { StatusBadge } from '../../components/StatusBadge';
import { useToast } from '../../components/Toast';
import { Callout, Card, EmptyState, Loading, PageHeader } from '../../components/ui';
import { formatBytes, formatDate, formatDateTime, formatWaiting, todayIso } from '../../lib/format';
import { useResource } from '../../lib/useResource';

type Pending = { kind: 'document'; doc: SellerDocument; decision: DocumentDecision } | { kind: 'reject-application' } | { kind: 'approve-application' };

/** One application under review: each document inline with its decision, then the application's decision. */
export function ApplicationReviewPage() {
  const { t } = useTranslation();
  const { sellerId = '' } = useParams();
  const toast = useToast();
  const resource = useResource(() => sellersApi.application(sellerId), [sellerId]);
  const [pending, setPending] = useState<Pending | null>(null);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [dialogError, setDialogError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<unknown>(null);

  if (resource.loading && !resource.data) return <Loading />;
  if (resource.error || !resource.data) {
    return (
      <div className="page">
        <PageHeader title={t('review.title')} back={<Link to="/compliance/queue">← {t('queue.title')}</Link>} />
        <ErrorBanner error={resource.error} />
      </div>
    );
  }
  const view: ApplicationView = resource.data;
  const { seller, application } = view;
  const actions = view.availableActions;
  const canApprove = actions.includes('approve');
  const allApproved = view.notApprovedKinds.length === 0;

  const open = (p: Pending) => {
    setPending(p);
    setReason('');
    setReasonError(null);
    setDialogError(null);
  };
  const close = () => !busy && setPending(null);

  const run = async (fn: () => Promise<unknown>, success: string) => {
    setBusy(true);
    setActionError(null);
    try {
      await fn();
      toast(success);
      await resource.reload();
      return true;
    } catch (err) {
      setActionError(err);
      toast(errorText(t, err), 'danger');
      return false;
    } finally {
      setBusy(false);
    }
  };

  const decide = async (doc: SellerDocument, decision: DocumentDecision, why: string) =>
    run(() => sellersApi.decideDocument(doc.id, decision, why), t(`review.decided.${decision}`, { kind: t(`documents.kind.${doc.kind}.title`) }));

  const confirm = async () => {
    if (!pending) return;
    const needsReason = pending.kind === 'reject-application' || (pending.kind === 'document' && pending.decision !== 'approve');
    if (needsReason && !reason.trim()) {
      setReasonError(t('review.reasonRequired'));
      return;
    }
    setBusy(true);
    setDialogError(null);
    try {
      if (pending.kind === 'document') {
        await sellersApi.decideDocument(pending.doc.id, pending.decision, reason);
        toast(t(`review.decided.${pending.decision}`, { kind: t(`documents.kind.${pending.doc.kind}.title`) }));
      } else if (pending.kind === 'reject-application') {
        await sellersApi.reject(seller.id, reason);
        toast(t('review.rejectedToast'));
      } else {
        await sellersApi.approve(seller.id, reason);
        toast(t('review.approvedToast'));
      }
      setPending(null);
      await resource.reload();
    } catch (err) {
      setDialogError(err);
    } finally {
      setBusy(false);
    }
  };

  const dialogTitle =
    pending?.kind === 'document'
      ? t(`review.dialog.${pending.decision}`, { kind: t(`documents.kind.${pending.doc.kind}.title`) })
      : pending?.kind === 'reject-application'
        ? t('review.dialog.rejectApplication')
        : t('review.dialog.approveApplication');

  return (
    <div className="page" data-testid="application-review">
      <PageHeader
        back={<Link to="/compliance/queue">← {t('queue.title')}</Link>}
        title={seller.shopName}
        subtitle={
          <>
            {seller.legalName} · <code className="id">{seller.id}</code>
          </>
        }
        actions={
          <>
            <StatusBadge kind="application" status={application.status} testId="review-application-status" />
            <Link to={`/compliance/sellers/${seller.id}`} className="btn btn-secondary btn-sm" data-testid="open-profile">
              {t('review.profileAndTimeline')}
            </Link>
          </>
        }
      />
      <ErrorBanner error={actionError} />

      {actions.includes('start_review') && (
        <Callout tone="info" title={t('review.startTitle')}>
          <p>{t('review.startBody')}</p>
          <button type="button" className="btn btn-primary" disabled={busy} onClick={() => run(() => sellersApi.startReview(seller.id), t('review.startedToast'))} data-testid="start-review">
            {t('review.start')}
          </button>
        </Callout>
      )}
      {application.status === 'revision_requested' && <Callout tone="warning" title={t('review.waitingForSeller')}>{t('review.waitingForSellerBody')}</Callout>}
      {application.status === 'verified' && <Callout tone="success" title={t('review.verifiedTitle')}>{t('review.verifiedBody', { date: formatDateTime(application.decidedAt) })}</Callout>}
      {application.status === 'rejected' && (
        <Callout tone="danger" title={t('review.rejectedTitle')}>
          {application.decisionReason}
        </Callout>
      )}

      <div className="grid-sidebar">
        <div className="stack">
          {view.documents.length === 0 && <EmptyState title={t('review.noDocuments')} />}
          {view.documents.map((doc) => (
            <article key={doc.id} className="review-doc" data-testid={`review-doc-${doc.kind}`} aria-labelledby={`rd-${doc.id}`}>
              <header className="doc-head">
                <div>
                  <h2 id={`rd-${doc.id}`} className="doc-title">
                    {t(`documents.kind.${doc.kind}.title`)}
                    {!view.requiredKinds.includes(doc.kind) && <span className="tag">{t('common.optional')}</span>}
                    <span className="tag">v{doc.version}</span>
                  </h2>
                  <p className="muted small">
                    {doc.fileName} · {formatBytes(doc.sizeBytes)} · {t('review.uploadedAt', { date: formatDateTime(doc.uploadedAt) })}
                  </p>
                </div>
                <StatusBadge kind="document" status={doc.status} testId={`review-doc-status-${doc.kind}`} />
              </header>
              <div className="doc-facts">
                <span>
                  {t('documents.expiryDate')}
                  {t('common.colon')}
                  <strong className={doc.expiresOn && doc.expiresOn < todayIso() ? 'text-danger' : ''}>{doc.expiresOn ? formatDate(doc.expiresOn) : t('review.noExpiry')}</strong>
                </span>
                <span className="muted small" title={doc.sha256}>
                  SHA-256 <code>{doc.sha256.slice(0, 12)}…</code>
                </span>
              </div>
              {doc.reviewReason && (
                <div className="reason" role="note">
                  <span className="reason-label">{t('review.lastReason')}</span>
                  <p>{doc.reviewReason}</p>
                </div>
              )}
              <DocumentPreview doc={doc} />
              {doc.availableDecisions.length > 0 && (
                <div className="decision-bar" role="group" aria-label={t('review.decisionFor', { kind: t(`documents.kind.${doc.kind}.title`) })}>
                  {doc.availableDecisions.includes('approve') && (
                    <button type="button" className="btn btn-success btn-sm" disabled={busy} onClick={() => decide(doc, 'approve', '')} data-testid={`doc-approve-${doc.kind}`}>
                      {t('review.approveDoc')}
                    </button>
                  )}
                  {doc.availableDecisions.includes('request_revision') && (
                    <button type="button" className="btn btn-warning btn-sm" disabled={busy} onClick={() => open({ kind: 'document', doc, decision: 'request_revision' })} data-testid={`doc-revise-${doc.kind}`}>
                      {t('review.requestRevision')}
                    </button>
                  )}
                  {doc.availableDecisions.includes('reject') && (
                    <button type="button" className="btn btn-danger-outline btn-sm" disabled={busy} onClick={() => open({ kind: 'document', doc, decision: 'reject' })} data-testid={`doc-reject-${doc.kind}`}>
                      {t('review.rejectDoc')}
                    </button>
                  )}
                </div>
              )}
            </article>
          ))}
        </div>

        <aside className="stack sticky-aside">
          <Card title={t('review.decisionTitle')} testId="application-decision">
            <ul className="doc-mini">
              {view.requiredKinds.map((kind) => {
                const doc = view.documents.find((d) => d.kind === kind);
                return (
                  <li key={kind}>
                    <span>{t(`documents.kind.${kind}.title`)}</span>
                    <StatusBadge kind="document" status={doc?.status ?? 'missing'} />
                  </li>
                );
              })}
            </ul>
            {canApprove && !allApproved && <p className="muted small">{t('review.approveBlocked')}</p>}
            <div className="stack-sm">
              {canApprove && (
                <button type="button" className="btn btn-success btn-block" disabled={busy || !allApproved} onClick={() => open({ kind: 'approve-application' })} data-testid="approve-application">
                  {t('review.approveApplication')}
                </button>
              )}
              {actions.includes('reject') && (
                <button type="button" className="btn btn-danger-outline btn-block" disabled={busy} onClick={() => open({ kind: 'reject-application' })} data-testid="reject-application">
                  {t('review.rejectApplication')}
                </button>
              )}
              {!canApprove && !actions.includes('reject') && <p className="muted small">{t('review.noActions')}</p>}
            </div>
          </Card>
          <Card title={t('review.waitingTitle')}>
            <dl className="deflist compact">
              <div className="deflist-row">
                <dt>{t('review.submittedAt')}</dt>
                <dd>{formatDateTime(application.submittedAt)}</dd>
              </div>
              <div className="deflist-row">
                <dt>{t('review.waiting')}</dt>
                <dd>{application.waitingSince ? formatWaiting(application.waitingSince) : '—'}</dd>
              </div>
            </dl>
          </Card>
          <Card title={t('profile.details')}>
            <SellerDetailsList seller={seller} />
          </Card>
        </aside>
      </div>

      <Dialog
        open={pending !== null}
        title={dialogTitle}
        onClose={close}
        onSubmit={confirm}
        busy={busy}
        submitTone={pending?.kind === 'approve-application' ? 'primary' : pending?.kind === 'document' && pending.decision === 'request_revision' ? 'primary' : 'danger'}
        submitLabel={
          pending?.kind === 'document'
            ? t(`review.confirm.${pending.decision}`)
            : pending?.kind === 'reject-application'
              ? t('review.rejectApplication')
              : t('review.approveApplication')
        }
        testId="decision-dialog"
      >
        <ErrorBanner error={dialogError} />
        {pending?.kind === 'approve-application' ? (
          <>
            <p>{t('review.dialog.approveBody', { shop: seller.shopName })}</p>
            <Field label={t('review.noteOptional')} optionalLabel={t('common.optional')}>
              <textarea rows={3} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={2000} data-testid="decision-reason" />
            </Field>
          </>
        ) : (
          <>
            <p className="muted">{pending?.kind === 'document' && pending.decision === 'request_revision' ? t('review.dialog.revisionBody') : t('review.dialog.rejectBody')}</p>
            <Field label={t('review.reason')} hint={t('review.reasonHint')} error={reasonError} required>
              <textarea
                rows={4}
                value={reason}
                onChange={(e) => {
                  setReason(e.target.value);
                  setReasonError(null);
                }}
                maxLength={2000}
                autoFocus
                data-testid="decision-reason"
              />
            </Field>
          </>
        )}
      </Dialog>
    </div>
  );
}
