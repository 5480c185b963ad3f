import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { reviewsApi } from '../../api/reviews';
import { visibilityApi } from '../../api/visibility';
import { ErrorBanner } from '../../components/ErrorMessage';
import { Card, DefinitionList, EmptyState, Loading, PageHeader } from '../../components/ui';
import { Pager } from '../../components/visibility/Pager';
import { RatingSummaryView } from '../../components/visibility/RatingSummary';
import { ReviewItem } from '../../components/visibility/ReviewItem';
import { SellerBadges } from '../../components/visibility/SellerBadges';
import { countryName, formatDate } from '../../lib/format';
import { useResource } from '../../lib/useResource';

const PAGE = 10;

/**
 * A shop's public profile: where it is, its standing, its ratings in detail and its reviews with the seller's
 * replies; buyers judge a seller by its negative reviews, so those are one click away.
 */
export function ShopPage() {
  const { t } = useTranslation();
  const { sellerId = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const negative = params.get('filter') === 'negative';
  const offset = Number(params.get('offset') ?? 0) || 0;
  const profile = useResource(() => visibilityApi.publicProfile(sellerId), [sellerId]);
  const reviews = useResource(() => reviewsApi.ofSeller(sellerId, { negative, limit: PAGE, offset }), [sellerId, negative, offset]);
  const update = (next: Record<string, string>) => setParams(Object.fromEntries(Object.entries({ filter: negative ? 'negative' : '', ...next }).filter(([, v]) => v)));

  if (profile.loading && !profile.data) return <Loading />;
  const p = profile.data;
  if (!p) {
    const missing = profile.error instanceof ApiError && profile.error.status === 404;
    return (
      <div className="page" data-testid="shop-page-missing">
        <PageHeader title={t('visibility.shop.missingTitle')} />
        {missing ? (
          <EmptyState title={t('visibility.shop.missing')}>
            <Link to="/trusted-sellers">{t('visibility.trusted.title')}</Link>
          </EmptyState>
        ) : (
          <ErrorBanner error={profile.error} />
        )}
      </div>
    );
  }

  const list = reviews.data?.reviews ?? [];
  return (
    <div className="page" data-testid="shop-page" data-seller-id={p.id}>
      <PageHeader
        title={
          <span className="title-with-badge">
            <span data-testid="shop-name">{p.shopName}</span>
            <SellerBadges tier={p.tier} verified={p.verified} trusted={p.trusted} testId="shop-badges" />
          </span>
        }
        subtitle={t('visibility.shop.subtitle', { country: countryName(p.country), date: formatDate(p.memberSince) })}
      />
      <div className="grid-sidebar">
        <div className="stack">
          <Card
            title={t('visibility.shop.reviews')}
            testId="shop-reviews"
            actions={
              <div className="segmented vis-filter" role="group" aria-label={t('visibility.shop.filterLabel')}>
                {(['all', 'negative'] as const).map((f) => (
                  <button
                    key={f}
                    type="button"
                    className={`segment ${(f === 'negative') === negative ? 'active' : ''}`}
                    aria-pressed={(f === 'negative') === negative}
                    onClick={() => update({ filter: f === 'negative' ? 'negative' : '', offset: '' })}
                    data-testid={`reviews-filter-${f}`}
                  >
                    {f === 'negative' ? t('visibility.shop.negativeFilter', { count: p.rating.negative }) : t('visibility.shop.allFilter', { count: p.rating.count })}
                  </button>
                ))}
              </div>
            }
          >
            <ErrorBanner error={reviews.error} />
            {reviews.loading && !reviews.data ? (
              <Loading />
            ) : list.length === 0 ? (
              <EmptyState title={negative ? t('visibility.shop.noNegative') : t('visibility.shop.noReviews')} />
            ) : (
              <div className="vis-review-list" data-testid="review-list" data-filter={negative ? 'negative' : 'all'}>
                {list.map((r) => (
                  <ReviewItem key={r.id} review={r} />
                ))}
              </div>
            )}
            {reviews.data && <Pager offset={offset} limit={PAGE} count={list.length} total={reviews.data.total} onChange={(o) => update({ offset: o ? String(o) : '' })} />}
          </Card>
        </div>
        <div className="stack">
          <Card title={t('visibility.shop.ratings')}>
            <RatingSummaryView rating={p.rating} />
          </Card>
          <Card title={t('visibility.shop.about')}>
            <DefinitionList
              items={[
                [t('visibility.col.country'), `${countryName(p.country)}${p.region ? ` · ${p.region}` : ''}`],
                [t('visibility.shop.verification'), p.verified ? t('visibility.verified') : t('visibility.notVerified')],
                [t('visibility.col.trust'), p.tier ? t(`scorecard.tier.${p.tier}`) : t('visibility.noTier')],
                [t('visibility.col.trustScore'), p.trustScore === null ? '—' : <span data-testid="shop-trust-score">{p.trustScore} / 1000</span>],
                [t('visibility.shop.memberSince'), formatDate(p.memberSince)],
              ]}
            />
            {p.trusted && <p className="small vis-trusted-note">{t('visibility.shop.trustedNote')}</p>}
          </Card>
        </div>
      </div>
    </div>
  );
}
