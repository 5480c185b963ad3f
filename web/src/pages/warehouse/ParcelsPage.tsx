import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { parcelsApi } from '../../api/logistics';
import { PARCEL_STATUSES, type Parcel, type ParcelStatus } from '../../api/types';
import { useConfirm } from '../../components/Confirm';
import { ErrorBanner, errorText } from '../../components/ErrorMessage';
import { ShortId, SimplePager } from '../../components/OrdersTable';
import { StatusBadge } from '../../components/StatusBadge';
import { useToast } from '../../components/Toast';
import { EmptyState, Loading, PageHeader } from '../../components/ui';
import { formatDateTime } from '../../lib/format';
import { formatMoney } from '../../lib/money';
import { carrierName, formatWeight } from '../../lib/orders';
import { usePolling } from '../../lib/usePolling';
import { useResource } from '../../lib/useResource';

const PAGE = 50;

/** International parcels: those built and waiting to leave, in transit, delivered or cancelled. */
export function ParcelsPage() {
  const { t } = useTranslation();
  const toast = useToast();
  const confirm = useConfirm();
  const [status, setStatus] = useState<ParcelStatus | ''>('');
  const [offset, setOffset] = useState(0);
  const parcels = useResource(() => parcelsApi.list({ status: status || undefined, limit: PAGE, offset }), [status, offset]);
  usePolling(parcels.reload, 20_000);
  const items = parcels.data?.items ?? [];

  const ship = async (p: Parcel) => {
    const ok = await confirm({ title: t('parcels.shipTitle', { number: p.trackingNumber }), body: t('parcels.shipBody', { count: p.orders.length }), confirmLabel: t('parcels.ship') });
    if (!ok) return;
    try {
      await parcelsApi.ship(p.id);
      toast(t('parcels.shipped'));
      await parcels.reload();
    } catch (err) {
      toast(errorText(t, err), 'danger');
    }
  };

  return (
    <div className="page">
      <PageHeader
        title={t('parcels.title')}
        subtitle={t('parcels.subtitle')}
        actions={
          <Link to="/warehouse/parcels/new" className="btn btn-primary" data-testid="parcel-new">
            + {t('parcels.new')}
          </Link>
        }
      />
      <div className="toolbar">
        <label className="toolbar-field">
          <span>{t('orders.filterStatus')}</span>
          <select
            value={status}
            onChange={(e) => {
              setStatus(e.target.value as ParcelStatus | '');
              setOffset(0);
            }}
            data-testid="parcels-status-filter"
          >
            <option value="">{t('orders.allStatuses')}</option>
            {PARCEL_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`status.parcel.${s}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ErrorBanner error={parcels.error} />
      {parcels.loading && !parcels.data ? (
        <Loading />
      ) : items.length === 0 ? (
        <EmptyState title={t('parcels.empty')}>{t('parcels.emptyBody')}</EmptyState>
      ) : (
        <>
          <div className="table-wrap">
            <table className="table" data-testid="parcels-table">
              <caption className="visually-hidden">{t('parcels.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('parcels.col.tracking')}</th>
                  <th scope="col">{t('parcels.col.status')}</th>
                  <th scope="col">{t('parcels.col.orders')}</th>
                  <th scope="col">{t('parcels.col.declared')}</th>
                  <th scope="col">{t('parcels.col.insured')}</th>
                  <th scope="col">{t('parcels.col.dates')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('common.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {items.map((p) => (
                  <tr key={p.id} data-testid={`parcel-row-${p.id}`}>
                    <td>
                      <Link to={`/warehouse/parcels/${p.id}`} className="cell-main">
                        <code className="tracking-no">{p.trackingNumber}</code>
                      </Link>
                      <div className="cell-sub">{carrierName(t, p.carrier, p.carrierName)}</div>
                    </td>
                    <td>
                      <StatusBadge kind="parcel" status={p.status} testId={`parcel-status-${p.id}`} />
                      {p.lastEvent && <div className="cell-sub">{p.lastEvent.code.replace(/_/g, ' ')}</div>}
                    </td>
                    <td>
                      {t('parcels.orderCount', { count: p.orders.length })}
                      <div className="cell-sub">
                        <ShortId id={p.buyerId} />
                      </div>
                    </td>
                    <td>
                      {formatWeight(p.declaredWeightGrams)}
                      <div className="cell-sub">{formatMoney(p.declaredValue.amount, p.declaredValue.currency)}</div>
                    </td>
                    <td>{p.insured ? <span className="tag tag-success">{t('parcels.insured')}</span> : <span className="tag">{t('parcels.notInsured')}</span>}</td>
                    <td>
                      <div className="cell-sub">{t('parcels.createdAt', { date: formatDateTime(p.createdAt) })}</div>
                      {p.shippedAt && <div className="cell-sub">{t('parcels.shippedAt', { date: formatDateTime(p.shippedAt) })}</div>}
                      {p.deliveredAt && <div className="cell-sub">{t('parcels.deliveredAt', { date: formatDateTime(p.deliveredAt) })}</div>}
                    </td>
                    <td className="cell-actions">
                      {p.status === 'created' && (
                        <button type="button" className="btn btn-primary btn-sm" onClick={() => ship(p)} data-testid={`parcel-ship-${p.id}`}>
                          {t('parcels.ship')}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <SimplePager offset={offset} limit={PAGE} count={items.length} onChange={setOffset} />
        </>
      )}
    </div>
  );
}
