import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import type { Tier } from '../../api/evaluation';
import { visibilityApi, type ListingHit, type SellerHit } from '../../api/visibility';
import { ErrorBanner } from '../../components/ErrorMessage';
import { EmptyState, Loading, PageHeader } from '../../components/ui';
import { Pager } from '../../components/visibility/Pager';
import { RankBreakdown } from '../../components/visibility/RankBreakdown';
import { SellerBadges } from '../../components/visibility/SellerBadges';
import { Stars } from '../../components/visibility/Stars';
import { countryName } from '../../lib/format';
import { formatMoney } from '../../lib/money';
import { COUNTRIES } from '../../lib/sellers';
import { useResource } from '../../lib/useResource';

const PAGE = 20;
const TIERS: Tier[] = ['trusted', 'good', 'fair', 'at_risk'];
const MIN_RATINGS = ['4.5', '4', '3'];

type Kind = 'sellers' | 'listings';

/** Buyers' and sellers' search: results in the order the platform ranks them, each with its trust badge. */
export function SearchPage() {
  return <SearchView staff={false} />;
}

/** Staff search: the same results, each with the reason for its rank. */
export function StaffSearchPage() {
  return <SearchView staff />;
}

function SearchView({ staff }: { staff: boolean }) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const kind: Kind = params.get('kind') === 'listings' ? 'listings' : 'sellers';
  const q = params.get('q') ?? '';
  const country = params.get('country') ?? '';
  const tier = (params.get('tier') ?? '') as Tier | '';
  const minRating = params.get('minRating') ?? '';
  const category = params.get('category') ?? '';
  const maxPrice = params.get('maxPrice') ?? '';
  const offset = Number(params.get('offset') ?? 0) || 0;

  const [text, setText] = useState(q);
  const [categoryText, setCategoryText] = useState(category);
  const [priceText, setPriceText] = useState(maxPrice);
  useEffect(() => setText(q), [q]);
  useEffect(() => setCategoryText(category), [category]);
  useEffect(() => setPriceText(maxPrice), [maxPrice]);

  const update = (next: Record<string, string>) => {
    const merged: Record<string, string> = { kind, q, country, tier, minRating, category, maxPrice, ...next };
    if (merged.kind === 'sellers') delete merged.kind;
    setParams(Object.fromEntries(Object.entries(merged).filter(([, v]) => v)));
  };

  // The price is typed in the listing's major unit; the API compares minor units.
  const maxMinor = maxPrice && Number(maxPrice) >= 0 ? Math.round(Number(maxPrice) * 100) : undefined;
  const sellers = useResource(
    () => (kind === 'sellers' ? visibilityApi.searchSellers({ q: q || undefined, country: country || undefined, tier, minRating: minRating ? Number(minRating) : undefined, limit: PAGE, offset, explain: staff }) : Promise.resolve(null)),
    [kind, q, country, tier, minRating, offset, staff],
  );
  const listings = useResource(
    () => (kind === 'listings' ? visibilityApi.searchListings({ q: q || undefined, category: category || undefined, maxPrice: maxMinor, limit: PAGE, offset, explain: staff }) : Promise.resolve(null)),
    [kind, q, category, maxMinor, offset, staff],
  );
  const current = kind === 'sellers' ? sellers : listings;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const price = priceText.trim();
    update({ q: text.trim(), category: categoryText.trim(), maxPrice: price && Number(price) >= 0 ? price : '', offset: '' });
  };

  return (
    <div className="page" data-testid={staff ? 'staff-search-page' : 'search-page'}>
      <PageHeader
        title={staff ? t('visibility.search.staffTitle') : t('visibility.search.title')}
        subtitle={staff ? t('visibility.search.staffSubtitle') : t('visibility.search.subtitle')}
        actions={
          staff ? (
            <Link to="/compliance/reviews" className="btn btn-secondary btn-sm" data-testid="open-moderation">
              {t('reviewsUi.moderation.title')}
            </Link>
          ) : undefined
        }
      />
      <div className="tabs" role="tablist" aria-label={t('visibility.search.kindLabel')}>
        {(['sellers', 'listings'] as Kind[]).map((k) => (
          <button
            key={k}
            type="button"
            role="tab"
            aria-selected={kind === k}
            className={`tab ${kind === k ? 'active' : ''}`}
            onClick={() => update({ kind: k, offset: '' })}
            data-testid={`search-kind-${k}`}
          >
            {t(`visibility.search.kind.${k}`)}
          </button>
        ))}
      </div>
      <form className="toolbar vis-search-toolbar" onSubmit={submit} role="search">
        <label className="toolbar-field grow">
          <span className="visually-hidden">{t('visibility.search.query')}</span>
          <input
            type="search"
            placeholder={kind === 'sellers' ? t('visibility.search.sellerPlaceholder') : t('visibility.search.listingPlaceholder')}
            value={text}
            maxLength={200}
            onChange={(e) => setText(e.target.value)}
            data-testid="search-q"
          />
        </label>
        {kind === 'sellers' ? (
          <>
            <label className="toolbar-field">
              <span>{t('visibility.search.country')}</span>
              <select value={country} onChange={(e) => update({ country: e.target.value, offset: '' })} data-testid="search-country">
                <option value="">{t('visibility.search.any')}</option>
                {COUNTRIES.map((c) => (
                  <option key={c} value={c}>
                    {countryName(c)}
                  </option>
                ))}
              </select>
            </label>
            <label className="toolbar-field">
              <span>{t('visibility.search.tier')}</span>
              <select value={tier} onChange={(e) => update({ tier: e.target.value, offset: '' })} data-testid="search-tier">
                <option value="">{t('visibility.search.any')}</option>
                {TIERS.map((x) => (
                  <option key={x} value={x}>
                    {t(`scorecard.tier.${x}`)}
                  </option>
                ))}
              </select>
            </label>
            <label className="toolbar-field">
              <span>{t('visibility.search.minRating')}</span>
              <select value={minRating} onChange={(e) => update({ minRating: e.target.value, offset: '' })} data-testid="search-min-rating">
                <option value="">{t('visibility.search.any')}</option>
                {MIN_RATINGS.map((r) => (
                  <option key={r} value={r}>
                    {t('visibility.search.starsAndUp', { value: r })}
                  </option>
                ))}
              </select>
            </label>
          </>
        ) : (
          <>
            <label className="toolbar-field">
              <span>{t('visibility.search.category')}</span>
              <input type="text" value={categoryText} maxLength={200} onChange={(e) => setCategoryText(e.target.value)} data-testid="search-category" className="vis-input-sm" />
            </label>
            <label className="toolbar-field">
              <span>{t('visibility.search.maxPrice')}</span>
              <input type="number" min={0} step="0.01" inputMode="decimal" value={priceText} onChange={(e) => setPriceText(e.target.value)} data-testid="search-max-price" className="vis-input-sm" />
            </label>
          </>
        )}
        <button type="submit" className="btn btn-primary" data-testid="search-submit">
          {t('common.search')}
        </button>
      </form>
      {!staff && <p className="muted small vis-ranking-note">{t('visibility.search.rankingNote')}</p>}
      <ErrorBanner error={current.error} />
      {current.loading && !current.data ? (
        <Loading />
      ) : kind === 'sellers' && sellers.data ? (
        <SellerResults hits={sellers.data.results} staff={staff} offset={offset} />
      ) : kind === 'listings' && listings.data ? (
        <ListingResults hits={listings.data.results} staff={staff} offset={offset} />
      ) : null}
      {current.data && <Pager offset={offset} limit={PAGE} count={current.data.results.length} total={current.data.total} onChange={(o) => update({ offset: o ? String(o) : '' })} />}
    </div>
  );
}

function SellerResults({ hits, staff, offset }: { hits: SellerHit[]; staff: boolean; offset: number }) {
  const { t } = useTranslation();
  if (hits.length === 0) return <EmptyState title={t('visibility.search.empty')}>{t('visibility.search.emptyHint')}</EmptyState>;
  const best = Math.max(0, ...hits.map((h) => h.explain?.finalRank ?? 0));
  return (
    <div className="table-wrap">
      <table className="table" data-testid="seller-results">
        <thead>
          <tr>
            <th scope="col" className="num">#</th>
            <th scope="col">{t('visibility.col.shop')}</th>
            <th scope="col">{t('visibility.col.country')}</th>
            <th scope="col">{t('visibility.col.trust')}</th>
            <th scope="col">{t('visibility.col.rating')}</th>
            {staff && <th scope="col">{t('visibility.col.rank')}</th>}
          </tr>
        </thead>
        <tbody>
          {hits.map((h, i) => (
            <tr key={h.id} data-testid={`seller-result-${h.id}`} data-position={offset + i + 1}>
              <td className="num muted">{offset + i + 1}</td>
              <td>
                <Link to={`/shops/${encodeURIComponent(h.id)}`} className="cell-main" data-testid={`shop-link-${h.id}`}>
                  {h.shopName}
                </Link>
                {staff && (
                  <div className="cell-sub">
                    <Link to={`/compliance/sellers/${encodeURIComponent(h.id)}`}>{t('visibility.search.staffProfile')}</Link>
                  </div>
                )}
              </td>
              <td>{countryName(h.country)}</td>
              <td>
                <SellerBadges tier={h.tier} verified={h.verified} testId={`seller-badges-${h.id}`} />
              </td>
              <td className="nowrap">
                <Stars value={h.rating.average} size="sm" />
                {h.rating.average !== null && <span className="muted small"> {h.rating.average.toFixed(1)} ({h.rating.count})</span>}
              </td>
              {staff && <td className="vis-rank-cell">{h.explain && <RankBreakdown explain={h.explain} best={best} testId={`rank-${h.id}`} />}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ListingResults({ hits, staff, offset }: { hits: ListingHit[]; staff: boolean; offset: number }) {
  const { t } = useTranslation();
  if (hits.length === 0) return <EmptyState title={t('visibility.search.empty')}>{t('visibility.search.emptyHint')}</EmptyState>;
  const best = Math.max(0, ...hits.map((h) => h.explain?.finalRank ?? 0));
  return (
    <div className="table-wrap">
      <table className="table" data-testid="listing-results">
        <thead>
          <tr>
            <th scope="col" className="num">#</th>
            <th scope="col">{t('visibility.col.listing')}</th>
            <th scope="col" className="num">{t('visibility.col.price')}</th>
            <th scope="col">{t('visibility.col.shop')}</th>
            <th scope="col">{t('visibility.col.trust')}</th>
            {staff && <th scope="col">{t('visibility.col.rank')}</th>}
          </tr>
        </thead>
        <tbody>
          {hits.map((h, i) => (
            <tr key={h.id} data-testid={`listing-result-${h.id}`}>
              <td className="num muted">{offset + i + 1}</td>
              <td>
                <span className="cell-main">{h.title}</span>
                <div className="cell-sub">{h.category}</div>
              </td>
              <td className="num">
                {formatMoney(h.price, h.currency)}
                {h.shippingCharge > 0 && <div className="cell-sub">{t('visibility.search.shipping', { amount: formatMoney(h.shippingCharge, h.currency) })}</div>}
              </td>
              <td>
                <Link to={`/shops/${encodeURIComponent(h.seller.id)}`} data-testid={`shop-link-${h.seller.id}`}>
                  {h.seller.shopName}
                </Link>
                <div className="cell-sub">{countryName(h.seller.country)}</div>
              </td>
              <td>
                <SellerBadges tier={h.seller.tier} />
              </td>
              {staff && <td className="vis-rank-cell">{h.explain && <RankBreakdown explain={h.explain} best={best} testId={`rank-${h.id}`} />}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
