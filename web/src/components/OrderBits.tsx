import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { OrderDetail, OrderSignal, OrderSummary } from '../api/types';
import { formatDateTime } from '../lib/format';
import { formatMoney } from '../lib/money';
import { businessDaysText, carrierName } from '../lib/orders';
import { StatusBadge } from './StatusBadge';
import { Card } from './ui';

/** Time left to dispatch, in the seller's business days, coloured by urgency. */
export function DeadlineCell({ order, testId }: { order: OrderSummary; testId?: string }) {
  const { t } = useTranslation();
  const left = businessDaysText(t, order.businessDaysLeft, order.overdue);
  return (
    <div className="deadline-cell">
      <span className={`deadline deadline-${left.tone}`} data-testid={testId} data-overdue={order.overdue ? 'true' : 'false'}>
        {left.text}
      </span>
      <span className="cell-sub">{formatDateTime(order.dispatchDeadline)}</span>
    </div>
  );
}

/** The order's items with their own statuses (each item is inspected on its own at the warehouse). */
export function ItemsCard({ order }: { order: OrderDetail }) {
  const { t } = useTranslation();
  return (
    <Card title={t('orders.items')} testId="items-card">
      <div className="table-wrap flat">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('orders.col.item')}</th>
              <th scope="col" className="num">
                {t('orders.col.quantity')}
              </th>
              <th scope="col" className="num">
                {t('orders.col.unitPrice')}
              </th>
              <th scope="col">{t('orders.col.status')}</th>
            </tr>
          </thead>
          <tbody>
            {order.items.map((i) => (
              <tr key={i.id}>
                <td>
                  <div className="cell-main">{i.name}</div>
                  <div className="cell-sub">{i.sku ?? i.productId}</div>
                </td>
                <td className="num">{i.quantity}</td>
                <td className="num">{formatMoney(i.unitPrice, order.currency)}</td>
                <td>
                  <StatusBadge kind="item" status={i.status} />
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colSpan={2}>
                {t('orders.total')}
              </th>
              <td className="num cell-main">{formatMoney(order.itemsTotal, order.currency)}</td>
              <td />
            </tr>
          </tfoot>
        </table>
      </div>
    </Card>
  );
}

/** The seller's shipments to the warehouse: carrier, number, whether the carrier has scanned it. */
export function ShipmentsList({ order }: { order: OrderDetail }) {
  const { t } = useTranslation();
  if (order.shipments.length === 0) return <p className="muted">{t('orders.notDispatched')}</p>;
  return (
    <ul className="shipment-list" data-testid="shipments">
      {order.shipments.map((s) => (
        <li key={s.id}>
          <div className="shipment-head">
            <span>{carrierName(t, s.carrier)}</span>
            <code className="tracking-no" data-testid="shipment-tracking">
              {s.trackingNumber}
            </code>
          </div>
          <div className="tags">
            {s.late && <span className="tag tag-danger">{t('orders.dispatchedLate')}</span>}
            {s.validTrackingAt ? (
              <span className="tag tag-success">{t('orders.trackingValid')}</span>
            ) : (
              <span className="tag tag-warning" data-testid="no-scan-yet">
                {t('orders.noScanYet')}
              </span>
            )}
          </div>
          <div className="muted small">
            {t('orders.dispatchedAt', { date: formatDateTime(s.dispatchedAt) })}
            {s.lastScanAt && ` · ${t('orders.lastScan', { date: formatDateTime(s.lastScanAt) })}`}
          </div>
        </li>
      ))}
    </ul>
  );
}

function SignalEvidence({ signal }: { signal: OrderSignal }) {
  const { t } = useTranslation();
  const ev = signal.evidence as Record<string, unknown>;
  if (signal.type === 'method_mismatch') {
    const chosen = (ev.chosen ?? {}) as { carrier?: string; service?: string };
    const used = (ev.used ?? {}) as { carrier?: string; service?: string | null };
    return (
      <p>
        {t('signals.mismatch', {
          chosen: `${carrierName(t, chosen.carrier)} · ${chosen.service ?? '—'}`,
          used: `${carrierName(t, used.carrier)}${used.service ? ` · ${used.service}` : ''}`,
        })}
      </p>
    );
  }
  if (signal.type === 'tracking_reused') {
    const others = Array.isArray(ev.otherOrders) ? (ev.otherOrders as { orderId: string; sameSeller?: boolean; dispatchedAt?: string }[]) : [];
    return (
      <>
        <p>{t('signals.reused', { number: String(ev.trackingNumber ?? ''), count: others.length })}</p>
        <ul className="plain-list">
          {others.map((o) => (
            <li key={o.orderId}>
              <Link to={`/orders/${o.orderId}`}>{o.orderId}</Link>
              {o.dispatchedAt && <span className="muted"> · {formatDateTime(o.dispatchedAt)}</span>}
              {o.sameSeller === false && <span className="tag tag-danger">{t('signals.otherSeller')}</span>}
            </li>
          ))}
        </ul>
      </>
    );
  }
  return (
    <p>
      {t('signals.noScan', {
        number: String(ev.trackingNumber ?? ''),
        days: typeof ev.noScanDays === 'number' ? ev.noScanDays : '—',
        date: formatDateTime(typeof ev.dispatchedAt === 'string' ? ev.dispatchedAt : null),
      })}
    </p>
  );
}

/** Signals raised on the order (staff only): evidence for enforcement. */
export function SignalsCard({ signals }: { signals: OrderSignal[] }) {
  const { t } = useTranslation();
  return (
    <Card title={t('signals.title')} testId="signals-card">
      {signals.length === 0 ? (
        <p className="muted" data-testid="signals-none">
          {t('signals.none')}
        </p>
      ) : (
        <ul className="signal-list">
          {signals.map((s) => (
            <li key={s.id} className={`signal signal-${s.type}`} data-testid={`signal-${s.type}`}>
              <div className="signal-head">
                <strong>{t(`signals.type.${s.type}`)}</strong>
                <time className="muted small">{formatDateTime(s.createdAt)}</time>
              </div>
              <SignalEvidence signal={s} />
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

export function OrderStatusBadge({ status, testId }: { status: string; testId?: string }) {
  return <StatusBadge kind="order" status={status} testId={testId} />;
}
