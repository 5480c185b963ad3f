import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { sellersApi } from '../../api/sellers';
import type { ApplicationView, DocumentKind } from '../../api/types';
import { ErrorBanner } from '../../components/ErrorMessage';
import { StatusBadge } from '../../components/StatusBadge';
import { useToast } from '../../components/Toast';
import { Callout, Card, Loading, PageHeader } from '../../components/ui';
import { useResource } from '../../lib/useResource';
import { currentMembership } from '../../lib/sellers';
import { useSession, useUser } from '../../lib/session';
import { DetailsForm } from './DetailsForm';
import { DocumentCard } from './DocumentCard';
import { ReviewStep } from './ReviewStep';
import { StatusView } from './StatusView';

export type Step = 'details' | 'documents' | 'review';
const STEPS: Step[] = ['details', 'documents', 'review'];

export function missingKinds(view: ApplicationView): DocumentKind[] {
  return view.requiredKinds.filter((kind) => {
    const d = view.documents.find((x) => x.kind === kind);
    return !d || d.status === 'revision_requested' || d.status === 'expired';
  });
}

/** The seller's verification: a three-step wizard while it can be edited, then its status. */
export function SellerApplicationPage() {
  const { t } = useTranslation();
  const user = useUser();
  const membership = currentMembership(user);
  const sellerId = membership?.sellerId ?? null;
  const resource = useResource(async () => (sellerId ? sellersApi.application(sellerId) : null), [sellerId]);

  if (!sellerId) {
    return (
      <div className="page">
        <PageHeader title={t('seller.application.title')} subtitle={t('seller.application.subtitleNew')} />
        <Wizard view={null} reload={resource.reload} />
      </div>
    );
  }
  if (resource.loading && !resource.data) return <Loading />;
  if (resource.error || !resource.data) {
    return (
      <div className="page">
        <PageHeader title={t('seller.application.title')} />
        <ErrorBanner error={resource.error} />
      </div>
    );
  }
  const view = resource.data;
  const status = view.application.status;
  const editable = status === 'draft' || status === 'revision_requested';
  return (
    <div className="page">
      <PageHeader
        title={t('seller.application.title')}
        subtitle={view.seller.shopName}
        actions={
          <>
            <StatusBadge kind="application" status={status} testId="application-status" />
            <Link to="/seller/profile" className="btn btn-secondary btn-sm">
              {t('seller.application.viewProfile')}
            </Link>
          </>
        }
      />
      {editable ? <Wizard view={view} reload={resource.reload} /> : <StatusView view={view} onChanged={resource.reload} />}
    </div>
  );
}

function defaultStep(view: ApplicationView | null): Step {
  if (!view) return 'details';
  if (view.application.status === 'revision_requested') return 'documents';
  return missingKinds(view).length > 0 ? 'documents' : 'review';
}

function Wizard({ view, reload }: { view: ApplicationView | null; reload: () => Promise<void> }) {
  const { t } = useTranslation();
  const user = useUser();
  const { refresh } = useSession();
  const toast = useToast();
  const [params, setParams] = useSearchParams();
  const requested = params.get('step') as Step | null;
  const step: Step = view && requested && STEPS.includes(requested) ? requested : defaultStep(view);
  const go = (next: Step) => {
    setParams({ step: next });
    window.scrollTo({ top: 0 });
  };
  const defaults = useMemo(() => ({ contactName: user.name, contactEmail: user.email }), [user.name, user.email]);
  const [submitted, setSubmitted] = useState(false);
  const revision = view?.application.status === 'revision_requested';

  const onDetailsSaved = async (saved: ApplicationView | null) => {
    if (!view) await refresh();
    else await reload();
    if (saved) toast(t('seller.details.saved'));
    go('documents');
  };

  if (submitted) return <Loading />;

  const stepIndex = STEPS.indexOf(step);
  const missing = view ? missingKinds(view) : [];
  return (
    <>
      {revision && (
        <Callout tone="warning" title={t('seller.application.revisionTitle')} testId="revision-callout">
          {t('seller.application.revisionBody')}
          {view?.application.decisionReason && <blockquote className="timeline-reason">{view.application.decisionReason}</blockquote>}
        </Callout>
      )}
      <ol className="stepper" aria-label={t('seller.wizard.label')}>
        {STEPS.map((s, i) => {
          const done = i < stepIndex;
          const reachable = !!view && (s !== 'review' || missing.length === 0 || i <= stepIndex);
          return (
            <li key={s} className={`step ${s === step ? 'current' : ''} ${done ? 'done' : ''}`} aria-current={s === step ? 'step' : undefined}>
              <button type="button" onClick={() => reachable && go(s)} disabled={!reachable} data-testid={`step-${s}`}>
                <span className="step-num" aria-hidden="true">
                  {done ? '✓' : i + 1}
                </span>
                <span className="step-text">
                  <span className="step-title">{t(`seller.wizard.${s}`)}</span>
                  <span className="step-sub">{t(`seller.wizard.${s}Sub`)}</span>
                </span>
              </button>
            </li>
          );
        })}
      </ol>

      {step === 'details' && (
        <Card>
          <DetailsForm seller={view?.seller ?? null} defaults={defaults} editable={!view || view.availableActions.includes('edit_details')} onSaved={onDetailsSaved} />
        </Card>
      )}

      {step === 'documents' && view && (
        <DocumentsStep
          view={view}
          reload={reload}
          onBack={() => go('details')}
          onNext={() => go('review')}
        />
      )}

      {step === 'review' && view && (
        <ReviewStep
          view={view}
          onBack={() => go('documents')}
          onEdit={(s) => go(s)}
          onSubmitted={async () => {
            setSubmitted(true);
            setParams({});
            await reload();
            await refresh();
            setSubmitted(false);
            toast(t('seller.review.submittedToast'));
          }}
        />
      )}
    </>
  );
}

function DocumentsStep({ view, reload, onBack, onNext }: { view: ApplicationView; reload: () => Promise<void>; onBack: () => void; onNext: () => void }) {
  const { t } = useTranslation();
  const toast = useToast();
  const uploadable = view.uploadableKinds;
  const missing = missingKinds(view);
  // Required kinds first, then any optional document already on file.
  const kinds = [...view.requiredKinds, ...view.documents.map((d) => d.kind).filter((k) => !view.requiredKinds.includes(k))];
  const unique = kinds.filter((k, i) => kinds.indexOf(k) === i);
  return (
    <Card title={t('seller.wizard.documents')} testId="documents-step">
      <p className="muted section-hint">{t('seller.documents.intro')}</p>
      <div className="doc-list">
        {unique.map((kind) => (
          <DocumentCard
            key={`${kind}-${view.documents.find((d) => d.kind === kind)?.id ?? 'none'}`}
            sellerId={view.seller.id}
            kind={kind}
            doc={view.documents.find((d) => d.kind === kind)}
            required={view.requiredKinds.includes(kind)}
            canUpload={uploadable.includes(kind)}
            onUploaded={async () => {
              toast(t('documents.uploaded'));
              await reload();
            }}
          />
        ))}
      </div>
      <div className="form-actions split">
        <button type="button" className="btn btn-secondary" onClick={onBack} data-testid="documents-back">
          {t('common.back')}
        </button>
        <div className="form-actions-right">
          {missing.length > 0 && <span className="muted">{t('seller.documents.remaining', { count: missing.length })}</span>}
          <button type="button" className="btn btn-primary" onClick={onNext} disabled={missing.length > 0} data-testid="documents-next">
            {t('seller.documents.continue')}
          </button>
        </div>
      </div>
    </Card>
  );
}
