import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { reviewsApi, type Review } from '../../api/reviews';
import { ErrorBanner } from '../../components/ErrorMessage';
import { ReasonDialog } from '../../components/ReasonDialog';
import { useToast } from '../../components/Toast';
import { EmptyState, Loading, PageHeader } from '../../components/ui';
import { ReviewItem } from '../../components/visibility/ReviewItem';
import { useResource } from '../../lib/useResource';

interface Decision {
  review: Review;
  target: 'review' | 'reply';
  action: 'publish' | 'remove';
}

/** Reviews and replies held for abusive words wait here; staff publish or remove each with a reason. */
export function ModerationPage() {
  const { t } = useTranslation();
  const toast = useToast();
  const queue = useResource(() => reviewsApi.held({ limit: 100 }), []);
  const [decision, setDecision] = useState<Decision | null>(null);
  const items = queue.data?.reviews ?? [];

  const buttons = (r: Review, target: 'review' | 'reply') => (
    <div className="vis-moderate-actions">
      <span className="muted small">{target === 'review' ? t('reviewsUi.moderation.reviewHeld') : t('reviewsUi.moderation.replyHeld')}</span>
      <button type="button" className="btn btn-success btn-sm" onClick={() => setDecision({ review: r, target, action: 'publish' })} data-testid={`publish-${target}-${r.id}`}>
        {t('reviewsUi.moderation.publish')}
      </button>
      <button type="button" className="btn btn-danger-outline btn-sm" onClick={() => setDecision({ review: r, target, action: 'remove' })} data-testid={`remove-${target}-${r.id}`}>
        {t('reviewsUi.moderation.remove')}
      </button>
    </div>
  );

  return (
    <div className="page" data-testid="moderation-page">
      <PageHeader title={t('reviewsUi.moderation.title')} subtitle={t('reviewsUi.moderation.subtitle')} />
      <ErrorBanner error={queue.error} />
      {queue.loading && !queue.data ? (
        <Loading />
      ) : items.length === 0 ? (
        <EmptyState title={t('reviewsUi.moderation.empty')} />
      ) : (
        <div className="vis-review-list">
          {items.map((r) => (
            <ReviewItem
              key={r.id}
              review={r}
              showStatus
              footer={
                <div className="vis-moderation">
                  {(r.moderation?.heldTerms.length ?? 0) > 0 && (
                    <p className="small">
                      {t('reviewsUi.moderation.terms')}{' '}
                      {r.moderation!.heldTerms.map((term) => (
                        <span key={term} className="tag tag-danger" data-testid="held-term">
                          {term.replace(/^[a-zA-Z-]+:/, '')}
                        </span>
                      ))}
                    </p>
                  )}
                  <p className="small muted">
                    <Link to={`/orders/${encodeURIComponent(r.orderId)}`}>{t('reviewsUi.moderation.order')}</Link> ·{' '}
                    <Link to={`/compliance/sellers/${encodeURIComponent(r.sellerId)}`}>{t('reviewsUi.moderation.seller')}</Link>
                  </p>
                  {r.status === 'held' && buttons(r, 'review')}
                  {r.reply?.status === 'held' && r.status !== 'held' && buttons(r, 'reply')}
                </div>
              }
            />
          ))}
        </div>
      )}
      <ReasonDialog
        open={decision !== null}
        title={decision ? t(`reviewsUi.moderation.${decision.action}Title.${decision.target}`) : ''}
        label={t('reviewsUi.moderation.reason')}
        hint={t('reviewsUi.moderation.reasonHint')}
        submitLabel={decision?.action === 'remove' ? t('reviewsUi.moderation.remove') : t('reviewsUi.moderation.publish')}
        tone={decision?.action === 'remove' ? 'danger' : 'primary'}
        onClose={() => setDecision(null)}
        onSubmit={async (reason) => {
          if (!decision) return;
          await reviewsApi.moderate(decision.review.id, { action: decision.action, target: decision.target, reason });
          toast(decision.action === 'publish' ? t('reviewsUi.moderation.published') : t('reviewsUi.moderation.removed'));
          setDecision(null);
          await queue.reload();
        }}
        testId="moderation-dialog"
      />
    </div>
  );
}
