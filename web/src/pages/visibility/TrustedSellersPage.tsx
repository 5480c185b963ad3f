import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { visibilityApi } from '../../api/visibility';
import { ErrorBanner } from '../../components/ErrorMessage';
import { EmptyState, Loading, PageHeader } from '../../components/ui';
import { Pager } from '../../components/visibility/Pager';
import { Stars } from '../../components/visibility/Stars';
import { countryName, formatDate } from '../../lib/format';
import { useResource } from '../../lib/useResource';

const PAGE = 50;

/**
 * The marketplace's list of trusted shops, open to everyone: trusted tier, verified, no sanction in force. The
 * same list downloads as CSV (for spreadsheets) and JSON.
 */
export function TrustedSellersPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const country = params.get('country') ?? '';
  const offset = Number(params.get('offset') ?? 0) || 0;
  const list = useResource(() => visibilityApi.trusted({ country: country || undefined, limit: PAGE, offset }), [country, offset]);
  const update = (next: Record<string, string>) => setParams(Object.fromEntries(Object.entries({ country, ...next }).filter(([, v]) => v)));
  const sellers = list.data?.sellers ?? [];

  return (
    <div className="page" data-testid="trusted-sellers-page">
      <PageHeader
        title={t('visibility.trusted.title')}
        subtitle={t('visibility.trusted.subtitle')}
        actions={
          <div className="vis-downloads">
            <a className="btn btn-secondary btn-sm" href={visibilityApi.trustedCsvUrl(country || undefined)} download="trusted-sellers.csv" data-testid="download-csv">
              {t('visibility.trusted.downloadCsv')}
            </a>
            <a className="btn btn-secondary btn-sm" href={visibilityApi.trustedJsonUrl(country || undefined)} download="trusted-sellers.json" data-testid="download-json">
              {t('visibility.trusted.downloadJson')}
            </a>
          </div>
        }
      />
      <div className="toolbar">
        <label className="toolbar-field">
          <span>{t('visibility.search.country')}</span>
          <select value={country} onChange={(e) => update({ country: e.target.value, offset: '' })} data-testid="trusted-country">
            <option value="">{t('visibility.search.any')}</option>
            {(list.data?.countries ?? []).map((c) => (
              <option key={c} value={c}>
                {countryName(c)}
              </option>
            ))}
          </select>
        </label>
        <p className="muted small vis-criteria">{t('visibility.trusted.criteria')}</p>
      </div>
      <ErrorBanner error={list.error} />
      {list.loading && !list.data ? (
        <Loading />
      ) : sellers.length === 0 ? (
        <EmptyState title={t('visibility.trusted.empty')} />
      ) : (
        <>
          <div className="table-wrap">
            <table className="table" data-testid="trusted-table">
              <thead>
                <tr>
                  <th scope="col">{t('visibility.col.shop')}</th>
                  <th scope="col">{t('visibility.col.country')}</th>
                  <th scope="col" className="num">{t('visibility.col.trustScore')}</th>
                  <th scope="col">{t('visibility.col.rating')}</th>
                  <th scope="col">{t('visibility.col.trustedSince')}</th>
                </tr>
              </thead>
              <tbody>
                {sellers.map((s) => (
                  <tr key={s.sellerId} data-testid={`trusted-${s.sellerId}`}>
                    <td>
                      <Link to={`/shops/${encodeURIComponent(s.sellerId)}`} className="cell-main" data-testid={`shop-link-${s.sellerId}`}>
                        {s.shopName}
                      </Link>
                    </td>
                    <td>
                      {countryName(s.country)}
                      {s.region && <div className="cell-sub">{s.region}</div>}
                    </td>
                    <td className="num">
                      <strong>{s.trustScore}</strong>
                      <span className="muted small"> / 1000</span>
                    </td>
                    <td className="nowrap">
                      <Stars value={s.rating} size="sm" />
                      {s.rating !== null && <span className="muted small"> {s.rating.toFixed(1)} ({s.reviews})</span>}
                    </td>
                    <td>{formatDate(s.trustedSince)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager offset={offset} limit={PAGE} count={sellers.length} total={list.data?.total ?? 0} onChange={(o) => update({ offset: o ? String(o) : '' })} />
        </>
      )}
    </div>
  );
}
