import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ordersApi } from '../../api/orders';
import { ORDER_STATUSES, type OrderStatus } from '../../api/types';
import { ErrorBanner } from '../../components/ErrorMessage';
import { OrdersTable, SimplePager } from '../../components/OrdersTable';
import { EmptyState, Loading, PageHeader } from '../../components/ui';
import { usePolling } from '../../lib/usePolling';
import { useResource } from '../../lib/useResource';

const PAGE = 50;

/** The buyer's orders, newest first, with where each one is now. */
export function MyOrdersPage() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<OrderStatus | ''>('');
  const [offset, setOffset] = useState(0);
  const orders = useResource(() => ordersApi.list({ status: status || undefined, limit: PAGE, offset }), [status, offset]);
  usePolling(orders.reload, 15_000);
  const items = orders.data?.items ?? [];

  return (
    <div className="page">
      <PageHeader title={t('orders.buyer.title')} subtitle={t('orders.buyer.subtitle')} />
      <div className="toolbar">
        <label className="toolbar-field">
          <span>{t('orders.filterStatus')}</span>
          <select value={status} onChange={(e) => {
              setStatus(e.target.value as OrderStatus | '');
              setOffset(0);
            }} data-testid="orders-status-filter">
            <option value="">{t('orders.allStatuses')}</option>
            {ORDER_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`status.order.${s}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ErrorBanner error={orders.error} />
      {orders.loading && !orders.data ? (
        <Loading />
      ) : items.length === 0 ? (
        <EmptyState title={t('orders.buyer.empty')}>{t('orders.buyer.emptyBody')}</EmptyState>
      ) : (
        <>
          <OrdersTable orders={items} columns={['order', 'total', 'status', 'next']} caption={t('orders.buyer.title')} />
          <SimplePager offset={offset} limit={PAGE} count={items.length} onChange={setOffset} />
        </>
      )}
    </div>
  );
}
