import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { reviewsApi, type Review } from '../../api/reviews';
import { ErrorBanner } from '../../components/ErrorMessage';
import { Field } from '../../components/Field';
import { useToast } from '../../components/Toast';
import { Callout, EmptyState, Loading, PageHeader } from '../../components/ui';
import { Pager } from '../../components/visibility/Pager';
import { ReviewItem } from '../../components/visibility/ReviewItem';
import { currentMembership } from '../../lib/sellers';
import { useUser } from '../../lib/session';
import { useResource } from '../../lib/useResource';

const PAGE = 20;
type Filter = 'all' | 'unanswered' | 'negative';

/** The reviews the seller's shop received; the seller answers each once, in public. */
export function SellerReviewsPage() {
  const { t } = useTranslation();
  const user = useUser();
  const membership = currentMembership(user);
  const [params, setParams] = useSearchParams();
  const filter = (['unanswered', 'negative'].includes(params.get('filter') ?? '') ? params.get('filter') : 'all') as Filter;
  const offset = Number(params.get('offset') ?? 0) || 0;
  const sellerId = membership?.sellerId ?? '';
  const list = useResource(
    () => (sellerId ? reviewsApi.received(sellerId, { negative: filter === 'negative', unanswered: filter === 'unanswered', limit: PAGE, offset }) : Promise.resolve(null)),
    [sellerId, filter, offset],
  );
  const update = (next: Record<string, string>) => setParams(Object.fromEntries(Object.entries({ filter: filter === 'all' ? '' : filter, ...next }).filter(([, v]) => v)));

  if (!membership) {
    return (
      <div className="page">
        <PageHeader title={t('reviewsUi.seller.title')} />
        <EmptyState title={t('profile.noSeller')}>
          <Link to="/seller/application" className="btn btn-primary">
            {t('profile.startApplication')}
          </Link>
        </EmptyState>
      </div>
    );
  }

  const data = list.data;
  const replaced = (r: Review) => list.setData(data ? { ...data, unanswered: Math.max(0, data.unanswered - 1), reviews: data.reviews.map((x) => (x.id === r.id ? r : x)) } : data);
  return (
    <div className="page" data-testid="seller-reviews-page">
      <PageHeader
        title={t('reviewsUi.seller.title')}
        subtitle={t('reviewsUi.seller.subtitle')}
        actions={
          <Link to={`/shops/${encodeURIComponent(membership.sellerId)}`} className="btn btn-secondary btn-sm" data-testid="own-shop-link">
            {t('reviewsUi.seller.publicPage')}
          </Link>
        }
      />
      <div className="tabs" role="tablist">
        {(['all', 'unanswered', 'negative'] as Filter[]).map((f) => (
          <button key={f} type="button" role="tab" aria-selected={filter === f} className={`tab ${filter === f ? 'active' : ''}`} onClick={() => update({ filter: f === 'all' ? '' : f, offset: '' })} data-testid={`seller-reviews-${f}`}>
            {t(`reviewsUi.seller.filter.${f}`)}
            {f === 'unanswered' && data && data.unanswered > 0 && <span className="tab-count">{data.unanswered}</span>}
          </button>
        ))}
      </div>
      <ErrorBanner error={list.error} />
      {list.loading && !data ? (
        <Loading />
      ) : !data || data.reviews.length === 0 ? (
        <EmptyState title={t('reviewsUi.seller.empty')} />
      ) : (
        <div className="vis-review-list">
          {data.reviews.map((r) => (
            <ReviewItem key={r.id} review={r} footer={r.reply ? null : <ReplyForm review={r} onDone={replaced} />} />
          ))}
        </div>
      )}
      {data && <Pager offset={offset} limit={PAGE} count={data.reviews.length} total={data.total} onChange={(o) => update({ offset: o ? String(o) : '' })} />}
    </div>
  );
}

/** One reply per review, so the form says so before it is sent. */
function ReplyForm({ review, onDone }: { review: Review; onDone: (r: Review) => void }) {
  const { t } = useTranslation();
  const toast = useToast();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  if (!open) {
    return (
      <div className="vis-reply-actions">
        <button type="button" className="btn btn-secondary btn-sm" onClick={() => setOpen(true)} data-testid={`reply-open-${review.id}`}>
          {t('reviewsUi.seller.reply')}
        </button>
      </div>
    );
  }
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!text.trim()) {
      setFieldError(t('validation.required'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const r = await reviewsApi.reply(review.id, text.trim());
      toast(r.reply?.status === 'held' ? t('reviewsUi.seller.replyHeld') : t('reviewsUi.seller.replied'));
      onDone(r);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  const exists = error instanceof ApiError && error.code === 'reply_exists';
  return (
    <form className="form vis-reply-form" onSubmit={submit} noValidate data-testid={`reply-form-${review.id}`}>
      {exists ? <Callout tone="warning" title={t('reviewsUi.errors.reply_exists')} /> : <ErrorBanner error={error} />}
      <Field label={t('reviewsUi.seller.replyLabel')} hint={t('reviewsUi.seller.replyHint')} error={fieldError} required>
        <textarea rows={3} maxLength={5000} value={text} onChange={(e) => setText(e.target.value)} data-testid={`reply-text-${review.id}`} autoFocus />
      </Field>
      <div className="form-actions">
        <button type="button" className="btn btn-secondary btn-sm" onClick={() => setOpen(false)} disabled={busy}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="btn btn-primary btn-sm" disabled={busy} data-testid={`reply-submit-${review.id}`}>
          {t('reviewsUi.seller.sendReply')}
        </button>
      </div>
    </form>
  );
}
