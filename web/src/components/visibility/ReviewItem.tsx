import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Review } from '../../api/reviews';
import { formatDate } from '../../lib/format';
import { Stars } from './Stars';

/** The three detailed ratings a buyer gives beside the overall stars. */
export const DETAILS = ['itemAsDescribed', 'communication', 'shippingSpeed'] as const;

/** One review as buyers read it: stars, the detailed ratings, the text, and the seller's reply under it. */
export function ReviewItem({ review, footer, showStatus }: { review: Review; footer?: ReactNode; showStatus?: boolean }) {
  const { t } = useTranslation();
  return (
    <article className={`vis-review ${review.negative ? 'vis-review-negative' : ''}`} data-testid={`review-${review.id}`} data-overall={review.overall}>
      <header className="vis-review-head">
        <Stars value={review.overall} size="sm" />
        {review.title && <strong className="vis-review-title">{review.title}</strong>}
        <span className="muted small">{formatDate(review.createdAt)}</span>
        {review.source !== 'platform' && <span className="tag">{t('reviewsUi.imported')}</span>}
        {showStatus && review.status !== 'published' && <span className="tag tag-warning">{t(`reviewsUi.status.${review.status}`, { defaultValue: review.status })}</span>}
      </header>
      {DETAILS.some((k) => review[k] !== null) && (
        <ul className="vis-review-details">
          {DETAILS.map((k) =>
            review[k] === null ? null : (
              <li key={k}>
                {t(`reviewsUi.detail.${k}`)} <strong>{review[k]}</strong>/5
              </li>
            ),
          )}
        </ul>
      )}
      {review.text && <p className="vis-review-text">{review.text}</p>}
      {review.reply && (
        <div className="vis-reply" data-testid={`review-reply-${review.id}`} data-status={review.reply.status}>
          <p className="vis-reply-head">
            {t('reviewsUi.sellerReply')}
            {review.reply.at && <span className="muted small"> · {formatDate(review.reply.at)}</span>}
            {review.reply.status !== 'published' && <span className="tag tag-warning">{t(`reviewsUi.replyStatus.${review.reply.status}`, { defaultValue: review.reply.status })}</span>}
          </p>
          <p className="vis-reply-text">{review.reply.text}</p>
        </div>
      )}
      {footer}
    </article>
  );
}
