import { useTranslation } from 'react-i18next';
import type { RatingSummary } from '../../api/reviews';
import { DETAILS } from './ReviewItem';
import { Stars } from './Stars';

/** The seller's ratings: the mean, how many of each star, and the three detailed ratings. */
export function RatingSummaryView({ rating }: { rating: RatingSummary }) {
  const { t } = useTranslation();
  const max = Math.max(1, ...Object.values(rating.stars));
  return (
    <div className="vis-rating" data-testid="rating-summary" data-count={rating.count}>
      <div className="vis-rating-main">
        <span className="vis-rating-average" data-testid="rating-average">
          {rating.average === null ? '—' : rating.average.toFixed(1)}
        </span>
        <Stars value={rating.average} size="lg" />
        <span className="muted small">{t('reviewsUi.reviewCount', { count: rating.count })}</span>
        {rating.count > 0 && (
          <span className="muted small" data-testid="rating-negative">
            {t('reviewsUi.negativeCount', { count: rating.negative })}
          </span>
        )}
      </div>
      <div className="vis-rating-bars" aria-label={t('reviewsUi.distribution')} role="group">
        {['5', '4', '3', '2', '1'].map((s) => (
          <div key={s} className="vis-rating-row">
            <span className="vis-rating-label">{t('reviewsUi.starsShort', { count: Number(s) })}</span>
            <span className="vis-bar-track">
              <span className={`vis-bar-fill ${Number(s) <= 2 ? 'vis-bar-danger' : ''}`} style={{ width: `${((rating.stars[s] ?? 0) / max) * 100}%` }} />
            </span>
            <span className="num small">{rating.stars[s] ?? 0}</span>
          </div>
        ))}
      </div>
      <dl className="vis-rating-details">
        {DETAILS.map((k) => (
          <div key={k} data-testid={`rating-${k}`}>
            <dt>{t(`reviewsUi.detail.${k}`)}</dt>
            <dd>
              {rating[k] === null ? '—' : rating[k]!.toFixed(1)}
              <span className="vis-bar-track vis-bar-inline">
                <span className="vis-bar-fill" style={{ width: `${((rating[k] ?? 0) / 5) * 100}%` }} />
              </span>
            </dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
