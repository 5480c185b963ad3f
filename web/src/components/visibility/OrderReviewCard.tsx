import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { reviewsApi, type Review, type ReviewInput } from '../../api/reviews';
import { formatDate } from '../../lib/format';
import { useResource } from '../../lib/useResource';
import { ErrorBanner } from '../ErrorMessage';
import { Field } from '../Field';
import { Callout, Card } from '../ui';
import { DETAILS, ReviewItem } from './ReviewItem';
import { StarInput } from './Stars';

type Ratings = Pick<ReviewInput, 'overall' | 'itemAsDescribed' | 'communication' | 'shippingSpeed'>;
const EMPTY: Ratings = { overall: 0, itemAsDescribed: 0, communication: 0, shippingSpeed: 0 };

/**
 * The review of an order on its page. The buyer is offered the form only while the server says the order is
 * reviewable (delivered, within the window, not yet reviewed); afterwards the review shows here, with a note when
 * it waits for a moderator. The seller and staff see the published review.
 */
export function OrderReviewCard({ orderId }: { orderId: string }) {
  const { t } = useTranslation();
  // An order the reader may not review answers 404 on older servers: then there is simply nothing to show.
  const state = useResource(() => reviewsApi.orderState(orderId).catch(() => null), [orderId]);
  const [writing, setWriting] = useState(false);
  const s = state.data;
  if (!s) return null;
  const review = s.review;

  if (s.reviewable) {
    return (
      <Card title={t('reviewsUi.order.title')} testId="order-review-card" className="vis-order-review">
        {writing ? (
          <ReviewForm
            orderId={orderId}
            onCancel={() => setWriting(false)}
            onDone={(r) => {
              setWriting(false);
              state.setData({ ...s, reviewable: false, reason: 'reviewed', review: r });
            }}
          />
        ) : (
          <div className="callout-row">
            <span>{s.closesAt ? t('reviewsUi.order.openUntil', { date: formatDate(s.closesAt) }) : t('reviewsUi.order.open')}</span>
            <button type="button" className="btn btn-primary btn-sm" onClick={() => setWriting(true)} data-testid="write-review">
              {t('reviewsUi.order.write')}
            </button>
          </div>
        )}
      </Card>
    );
  }
  if (review) {
    return (
      <Card title={t('reviewsUi.order.yourReviewTitle')} testId="order-review-card" className="vis-order-review">
        {review.status === 'held' && (
          <Callout tone="warning" title={t('reviewsUi.order.heldTitle')} testId="review-held">
            <p>{t('reviewsUi.order.heldBody')}</p>
          </Callout>
        )}
        {review.status === 'removed' && (
          <Callout tone="danger" title={t('reviewsUi.order.removedTitle')} testId="review-removed">
            {review.moderation?.reason && <p>{review.moderation.reason}</p>}
          </Callout>
        )}
        {/* Only the author and staff get the moderation details; the seller answers from its reviews page. */}
        {review.status === 'published' && !review.moderation && !review.reply && (
          <p className="small">
            <Link to="/seller/reviews?filter=unanswered" data-testid="review-reply-link">
              {t('reviewsUi.order.replyOnReviews')}
            </Link>
          </p>
        )}
        {review.status === 'published' && review.moderation && (
          <p className="small" data-testid="review-published">
            {t('reviewsUi.order.published')}{' '}
            <Link to={`/shops/${encodeURIComponent(s.sellerId)}`} data-testid="review-shop-link">
              {t('reviewsUi.order.seeOnShop')}
            </Link>
          </p>
        )}
        <ReviewItem review={review} />
      </Card>
    );
  }
  if (s.reason === 'window_closed' && s.closesAt) {
    return (
      <Card title={t('reviewsUi.order.title')} testId="order-review-card" className="vis-order-review">
        <p className="muted">{t('reviewsUi.order.closed', { date: formatDate(s.closesAt), days: s.windowDays })}</p>
      </Card>
    );
  }
  return null;
}

/** Overall stars, the three detailed ratings, a title and the text; every rating is required. */
function ReviewForm({ orderId, onCancel, onDone }: { orderId: string; onCancel: () => void; onDone: (r: Review) => void }) {
  const { t } = useTranslation();
  const [ratings, setRatings] = useState<Ratings>(EMPTY);
  const [title, setTitle] = useState('');
  const [text, setText] = useState('');
  const [missing, setMissing] = useState<Set<keyof Ratings>>(new Set());
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const fields = error instanceof ApiError ? error.fields : {};

  const set = (k: keyof Ratings, v: number) => {
    setRatings((r) => ({ ...r, [k]: v }));
    setMissing((m) => new Set([...m].filter((x) => x !== k)));
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const empty = (Object.keys(ratings) as (keyof Ratings)[]).filter((k) => ratings[k] === 0);
    setMissing(new Set(empty));
    if (empty.length) return;
    setBusy(true);
    setError(null);
    try {
      onDone(await reviewsApi.submit(orderId, { ...ratings, title: title.trim(), text: text.trim() }));
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  const codeText = error instanceof ApiError ? t(`reviewsUi.errors.${error.code}`, { defaultValue: '' }) : '';
  return (
    <form className="form vis-review-form" onSubmit={submit} noValidate data-testid="review-form">
      {codeText ? <Callout tone="danger" title={codeText} testId="review-error" /> : <ErrorBanner error={error} testId="review-error" />}
      <StarInput label={t('reviewsUi.form.overall')} value={ratings.overall} onChange={(v) => set('overall', v)} testId="rating-overall" error={missing.has('overall') ? t('reviewsUi.form.pickStars') : fields.overall} />
      <div className="vis-detail-inputs">
        {DETAILS.map((k) => (
          <StarInput key={k} label={t(`reviewsUi.detail.${k}`)} value={ratings[k]} onChange={(v) => set(k, v)} testId={`rating-${k}`} error={missing.has(k) ? t('reviewsUi.form.pickStars') : fields[k]} />
        ))}
      </div>
      <Field label={t('reviewsUi.form.title')} optionalLabel={t('common.optional')} error={fields.title}>
        <input type="text" maxLength={200} value={title} onChange={(e) => setTitle(e.target.value)} data-testid="review-title" />
      </Field>
      <Field label={t('reviewsUi.form.text')} hint={t('reviewsUi.form.textHint')} optionalLabel={t('common.optional')} error={fields.text}>
        <textarea rows={4} maxLength={5000} value={text} onChange={(e) => setText(e.target.value)} data-testid="review-text" />
      </Field>
      <div className="form-actions">
        <button type="button" className="btn btn-secondary" onClick={onCancel} disabled={busy}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="btn btn-primary" disabled={busy} data-testid="review-submit">
          {busy ? t('reviewsUi.form.sending') : t('reviewsUi.form.submit')}
        </button>
      </div>
    </form>
  );
}
