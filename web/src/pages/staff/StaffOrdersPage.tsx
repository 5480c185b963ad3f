import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { ordersApi } from '../../api/orders';
import { ORDER_STATUSES, type OrderStatus } from '../../api/types';
import { ErrorBanner } from '../../components/ErrorMessage';
import { OrdersTable, SimplePager } from '../../components/OrdersTable';
import { EmptyState, Loading, PageHeader } from '../../components/ui';
import { useResource } from '../../lib/useResource';

const PAGE = 50;

/**
 * Every order, for staff: found by the platform's reference or Arbiter's id, filtered by status, seller or
 * buyer, or narrowed to the orders still to dispatch (soonest deadline first). The order page shows its signals.
 */
export function StaffOrdersPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const status = (params.get('status') ?? '') as OrderStatus | '';
  const externalId = params.get('ref') ?? '';
  const sellerId = params.get('seller') ?? '';
  const buyerId = params.get('buyer') ?? '';
  const needsDispatch = params.get('toDispatch') === '1';
  const offset = Number(params.get('offset') ?? 0) || 0;
  const [search, setSearch] = useState(externalId);
  const [seller, setSeller] = useState(sellerId);
  const [buyer, setBuyer] = useState(buyerId);

  const orders = useResource(
    () =>
      ordersApi.list({
        status: needsDispatch ? undefined : status || undefined,
        externalId: externalId || undefined,
        sellerId: sellerId || undefined,
        buyerId: buyerId || undefined,
        needsDispatch,
        limit: PAGE,
        offset,
      }),
    [status, externalId, sellerId, buyerId, needsDispatch, offset],
  );

  const update = (patch: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    if (!('offset' in patch)) next.delete('offset');
    setParams(next, { replace: true });
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const q = search.trim();
    // Arbiter's own ids open the order directly.
    if (/^ord_[0-9a-z]+$/i.test(q)) {
      navigate(`/orders/${q}`);
      return;
    }
    update({ ref: q, seller: seller.trim(), buyer: buyer.trim() });
  };

  const items = orders.data?.items ?? [];
  return (
    <div className="page">
      <PageHeader title={t('staffOrders.title')} subtitle={t('staffOrders.subtitle')} />
      <form className="toolbar toolbar-form" onSubmit={submit} role="search">
        <label className="toolbar-field grow">
          <span>{t('staffOrders.search')}</span>
          <input value={search} onChange={(e) => setSearch(e.target.value)} placeholder={t('staffOrders.searchPlaceholder')} data-testid="staff-search" />
        </label>
        <label className="toolbar-field">
          <span>{t('staffOrders.seller')}</span>
          <input value={seller} onChange={(e) => setSeller(e.target.value)} placeholder="sel_…" data-testid="staff-seller" />
        </label>
        <label className="toolbar-field">
          <span>{t('staffOrders.buyer')}</span>
          <input value={buyer} onChange={(e) => setBuyer(e.target.value)} placeholder="usr_…" data-testid="staff-buyer" />
        </label>
        <label className="toolbar-field">
          <span>{t('orders.filterStatus')}</span>
          <select value={status} disabled={needsDispatch} onChange={(e) => update({ status: e.target.value })} data-testid="staff-status">
            <option value="">{t('orders.allStatuses')}</option>
            {ORDER_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`status.order.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="checkbox toolbar-check">
          <input type="checkbox" checked={needsDispatch} onChange={(e) => update({ toDispatch: e.target.checked ? '1' : '' })} data-testid="staff-to-dispatch" />
          <span>{t('staffOrders.toDispatch')}</span>
        </label>
        <button type="submit" className="btn btn-primary" data-testid="staff-search-submit">
          {t('common.search')}
        </button>
      </form>
      <ErrorBanner error={orders.error} />
      {orders.loading && !orders.data ? (
        <Loading />
      ) : items.length === 0 ? (
        <EmptyState title={t('staffOrders.empty')}>{t('staffOrders.emptyBody')}</EmptyState>
      ) : (
        <>
          <OrdersTable orders={items} columns={['order', 'status', 'total', 'dispatch', 'seller', 'buyer']} caption={t('staffOrders.title')} />
          <SimplePager offset={offset} limit={PAGE} count={items.length} onChange={(o) => update({ offset: o ? String(o) : '' })} />
        </>
      )}
    </div>
  );
}
