import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { OrderSummary } from '../api/types';
import { formatDateTime } from '../lib/format';
import { formatMoney } from '../lib/money';
import { carrierName } from '../lib/orders';
import { DeadlineCell, OrderStatusBadge } from './OrderBits';

type Column = 'order' | 'total' | 'status' | 'next' | 'deadline' | 'method' | 'dispatch' | 'seller' | 'buyer' | 'actions';

/** What is happening to an order now, in a few words for its buyer. */
export function nextStepText(t: (key: string, o?: Record<string, unknown>) => string, o: OrderSummary): string {
  if (o.status === 'paid') return t('orders.next.paid', { date: formatDateTime(o.dispatchDeadline) });
  return t(`orders.next.${o.status}`);
}

/** A long id shortened for a table cell (prefix and the end), whole in its tooltip and when copied. */
export function ShortId({ id }: { id: string }) {
  const short = id.length > 16 ? `${id.slice(0, 4)}…${id.slice(-6)}` : id;
  return (
    <code className="id" title={id} aria-label={id}>
      {short}
    </code>
  );
}

/** Orders in a table; each page picks its columns and may add actions per row. */
export function OrdersTable({
  orders,
  columns,
  actions,
  testId = 'orders-table',
  caption,
}: {
  orders: OrderSummary[];
  columns: Column[];
  actions?: (o: OrderSummary) => ReactNode;
  testId?: string;
  caption: string;
}) {
  const { t } = useTranslation();
  const has = (c: Column) => columns.includes(c);
  return (
    <div className="table-wrap">
      <table className="table table-stack" data-testid={testId}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {has('order') && <th scope="col">{t('orders.col.order')}</th>}
            {has('deadline') && <th scope="col">{t('orders.col.deadline')}</th>}
            {has('total') && (
              <th scope="col" className="num">
                {t('orders.col.total')}
              </th>
            )}
            {has('method') && <th scope="col">{t('orders.col.method')}</th>}
            {has('status') && <th scope="col">{t('orders.col.status')}</th>}
            {has('next') && <th scope="col">{t('orders.col.next')}</th>}
            {has('dispatch') && <th scope="col">{t('orders.col.dispatch')}</th>}
            {has('seller') && <th scope="col">{t('orders.col.seller')}</th>}
            {has('buyer') && <th scope="col">{t('orders.col.buyer')}</th>}
            {has('actions') && (
              <th scope="col">
                <span className="visually-hidden">{t('common.actions')}</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {orders.map((o) => (
            <tr key={o.id} data-testid={`order-row-${o.id}`} className={o.overdue ? 'row-overdue' : ''}>
              {has('order') && (
                <td data-label={t('orders.col.order')}>
                  <Link to={`/orders/${o.id}`} className="cell-main" data-testid={`order-link-${o.id}`}>
                    {o.externalId}
                  </Link>
                  <div className="cell-sub">{t('orders.paidOn', { date: formatDateTime(o.paidAt) })}</div>
                </td>
              )}
              {has('deadline') && (
                <td data-label={t('orders.col.deadline')}>
                  <DeadlineCell order={o} testId={`deadline-${o.id}`} />
                </td>
              )}
              {has('total') && <td className="num" data-label={t('orders.col.total')}>{formatMoney(o.itemsTotal, o.currency)}</td>}
              {has('method') && (
                <td data-label={t('orders.col.method')}>
                  {carrierName(t, o.shippingMethod.carrier)}
                  <div className="cell-sub">{o.shippingMethod.service}</div>
                </td>
              )}
              {has('status') && (
                <td data-label={t('orders.col.status')}>
                  <OrderStatusBadge status={o.status} testId={`order-status-${o.id}`} />
                </td>
              )}
              {has('next') && <td className="cell-next" data-label={t('orders.col.next')}>{nextStepText(t, o)}</td>}
              {has('dispatch') && (
                <td data-label={t('orders.col.dispatch')}>
                  {o.dispatchedAt ? (
                    <>
                      {formatDateTime(o.dispatchedAt)}
                      <div className="tags">
                        {o.dispatchedLate && <span className="tag tag-danger">{t('orders.dispatchedLate')}</span>}
                        {o.trackingValidAt ? <span className="tag tag-success">{t('orders.trackingValid')}</span> : <span className="tag tag-warning">{t('orders.noScanYet')}</span>}
                      </div>
                    </>
                  ) : o.businessDaysLeft !== null ? (
                    <DeadlineCell order={o} />
                  ) : (
                    '—'
                  )}
                </td>
              )}
              {has('seller') && (
                <td data-label={t('orders.col.seller')}>
                  <ShortId id={o.sellerId} />
                </td>
              )}
              {has('buyer') && (
                <td data-label={t('orders.col.buyer')}>
                  <ShortId id={o.buyerId} />
                </td>
              )}
              {has('actions') && <td className="cell-actions">{actions?.(o)}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Previous / next for lists without a total: there is a next page when this one came back full. */
export function SimplePager({ offset, limit, count, onChange }: { offset: number; limit: number; count: number; onChange: (offset: number) => void }) {
  const { t } = useTranslation();
  if (offset === 0 && count < limit) return null;
  return (
    <div className="pager">
      <span className="muted">{t('orders.range', { from: count ? offset + 1 : offset, to: offset + count })}</span>
      <button type="button" className="btn btn-secondary btn-sm" disabled={offset === 0} onClick={() => onChange(Math.max(0, offset - limit))} data-testid="pager-previous">
        {t('common.previous')}
      </button>
      <button type="button" className="btn btn-secondary btn-sm" disabled={count < limit} onClick={() => onChange(offset + limit)} data-testid="pager-next">
        {t('common.next')}
      </button>
    </div>
  );
}
