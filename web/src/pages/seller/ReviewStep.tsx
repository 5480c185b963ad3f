import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { sellersApi } from '../../api/sellers';
import type { ApplicationView } from '../../api/types';
import { ErrorBanner } from '../../components/ErrorMessage';
import { StatusBadge } from '../../components/StatusBadge';
import { Callout, Card } from '../../components/ui';
import { SellerDetailsList } from '../../components/SellerDetails';
import { formatDate } from '../../lib/format';
import { missingKinds, type Step } from './SellerApplicationPage';

interface Props {
  view: ApplicationView;
  onBack: () => void;
  onEdit: (step: Step) => void;
  onSubmitted: () => Promise<void>;
}

/** Step 3: everything the officer will see, a declaration, and submit (or resubmit after a revision). */
export function ReviewStep({ view, onBack, onEdit, onSubmitted }: Props) {
  const { t } = useTranslation();
  const [confirmed, setConfirmed] = useState(false);
  const [confirmError, setConfirmError] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const missing = missingKinds(view);
  const resubmit = view.application.status === 'revision_requested';
  const maySubmit = view.availableActions.includes('submit') || view.availableActions.includes('resubmit');

  const submit = async () => {
    if (!confirmed) {
      setConfirmError(true);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await sellersApi.submit(view.seller.id);
      await onSubmitted();
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <div className="stack" data-testid="review-step">
      <Card title={t('seller.review.detailsTitle')} actions={<button type="button" className="btn btn-ghost btn-sm" onClick={() => onEdit('details')}>{t('common.edit')}</button>}>
        <SellerDetailsList seller={view.seller} />
      </Card>
      <Card title={t('seller.review.documentsTitle')} actions={<button type="button" className="btn btn-ghost btn-sm" onClick={() => onEdit('documents')}>{t('common.edit')}</button>}>
        <ul className="doc-summary">
          {view.requiredKinds.map((kind) => {
            const doc = view.documents.find((d) => d.kind === kind);
            return (
              <li key={kind}>
                <span className="doc-summary-name">{t(`documents.kind.${kind}.title`)}</span>
                <span className="muted doc-summary-file">
                  {doc ? doc.fileName : t('documents.notUploaded')}
                  {doc?.expiresOn ? ` · ${t('documents.expiresOn', { date: formatDate(doc.expiresOn) })}` : ''}
                </span>
                <StatusBadge kind="document" status={doc?.status ?? 'missing'} />
              </li>
            );
          })}
        </ul>
      </Card>
      {missing.length > 0 && (
        <Callout tone="warning" title={t('seller.review.missingTitle')}>
          {missing.map((k) => t(`documents.kind.${k}.title`)).join(t('common.listSeparator'))}
        </Callout>
      )}
      <Card>
        <ErrorBanner error={error} />
        <label className={`checkbox ${confirmError && !confirmed ? 'checkbox-invalid' : ''}`}>
          <input
            type="checkbox"
            checked={confirmed}
            onChange={(e) => {
              setConfirmed(e.target.checked);
              setConfirmError(false);
            }}
            aria-invalid={confirmError && !confirmed ? true : undefined}
            data-testid="confirm-truth"
          />
          <span>{t('seller.review.declaration')}</span>
        </label>
        {confirmError && !confirmed && (
          <p className="field-error" role="alert">
            {t('seller.review.declarationRequired')}
          </p>
        )}
        <p className="muted small">{t('seller.review.whatNext')}</p>
        {!maySubmit && missing.length === 0 && <p className="field-error">{t('errors.owner_only')}</p>}
        <div className="form-actions split">
          <button type="button" className="btn btn-secondary" onClick={onBack} disabled={busy}>
            {t('common.back')}
          </button>
          <button type="button" className="btn btn-primary" onClick={submit} disabled={busy || missing.length > 0 || !maySubmit} data-testid="submit-application">
            {busy ? t('seller.review.submitting') : resubmit ? t('seller.review.resubmit') : t('seller.review.submit')}
          </button>
        </div>
      </Card>
    </div>
  );
}
