import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { sellersApi } from '../../api/sellers';
import type { SellerStatus } from '../../api/types';
import { ErrorBanner } from '../../components/ErrorMessage';
import { StatusBadge } from '../../components/StatusBadge';
import { EmptyState, Loading, PageHeader } from '../../components/ui';
import { countryName, formatDate } from '../../lib/format';
import { useResource } from '../../lib/useResource';

const STATUSES: SellerStatus[] = ['pending_verification', 'active', 'reverification', 'restricted', 'suspended', 'banned'];
const PAGE = 50;

export function SellersListPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const status = (params.get('status') ?? '') as SellerStatus | '';
  const q = params.get('q') ?? '';
  const offset = Number(params.get('offset') ?? 0) || 0;
  const [search, setSearch] = useState(q);
  useEffect(() => setSearch(q), [q]);
  const list = useResource(() => sellersApi.list({ status, q: q || undefined, limit: PAGE, offset }), [status, q, offset]);

  const update = (next: Record<string, string>) => {
    const merged = { status, q, ...next };
    setParams(Object.fromEntries(Object.entries(merged).filter(([, v]) => v)));
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    update({ q: search.trim(), offset: '' });
  };
  const items = list.data?.items ?? [];
  const total = list.data?.total ?? 0;

  return (
    <div className="page">
      <PageHeader title={t('sellers.title')} subtitle={t('sellers.subtitle')} />
      <form className="toolbar" onSubmit={submit} role="search">
        <label className="toolbar-field grow">
          <span className="visually-hidden">{t('sellers.search')}</span>
          <input type="search" placeholder={t('sellers.searchPlaceholder')} value={search} onChange={(e) => setSearch(e.target.value)} data-testid="sellers-search" />
        </label>
        <label className="toolbar-field">
          <span>{t('sellers.statusFilter')}</span>
          <select value={status} onChange={(e) => update({ status: e.target.value, offset: '' })} data-testid="sellers-status-filter">
            <option value="">{t('sellers.allStatuses')}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`status.seller.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="btn btn-secondary">
          {t('common.search')}
        </button>
      </form>
      <ErrorBanner error={list.error} />
      {list.loading && !list.data ? (
        <Loading />
      ) : items.length === 0 ? (
        <EmptyState title={t('sellers.empty')} />
      ) : (
        <>
          <div className="table-wrap">
            <table className="table" data-testid="sellers-table">
              <thead>
                <tr>
                  <th scope="col">{t('queue.col.seller')}</th>
                  <th scope="col">{t('queue.col.location')}</th>
                  <th scope="col">{t('queue.col.type')}</th>
                  <th scope="col">{t('sellers.col.account')}</th>
                  <th scope="col">{t('sellers.col.application')}</th>
                  <th scope="col">{t('sellers.col.registered')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((s) => (
                  <tr key={s.id}>
                    <td>
                      <Link to={`/compliance/sellers/${s.id}`} className="cell-main" data-testid={`seller-link-${s.id}`}>
                        {s.shopName}
                      </Link>
                      <div className="cell-sub">{s.legalName}</div>
                    </td>
                    <td>
                      {countryName(s.country)}
                      <div className="cell-sub">{s.region}</div>
                    </td>
                    <td>{t(`seller.businessType.${s.businessType}`)}</td>
                    <td>
                      <StatusBadge kind="seller" status={s.status} />
                    </td>
                    <td>{s.applicationStatus ? <StatusBadge kind="application" status={s.applicationStatus} /> : '—'}</td>
                    <td>{formatDate(s.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="pager">
            <span className="muted">{t('common.rangeOf', { from: offset + 1, to: offset + items.length, total })}</span>
            <button type="button" className="btn btn-secondary btn-sm" disabled={offset === 0} onClick={() => update({ offset: String(Math.max(0, offset - PAGE)) })}>
              {t('common.previous')}
            </button>
            <button type="button" className="btn btn-secondary btn-sm" disabled={offset + items.length >= total} onClick={() => update({ offset: String(offset + PAGE) })}>
              {t('common.next')}
            </button>
          </div>
        </>
      )}
    </div>
  );
}
