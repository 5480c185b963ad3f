import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { parcelsApi } from '../../api/logistics';
import { useConfirm } from '../../components/Confirm';
import { ErrorBanner, errorText } from '../../components/ErrorMessage';
import { ReasonDialog } from '../../components/ReasonDialog';
import { StatusBadge } from '../../components/StatusBadge';
import { useToast } from '../../components/Toast';
import { Card, DefinitionList, EmptyState, Loading, PageHeader } from '../../components/ui';
import { formatDateTime } from '../../lib/format';
import { formatMoney } from '../../lib/money';
import { carrierName, formatWeight } from '../../lib/orders';
import { usePolling } from '../../lib/usePolling';
import { useResource } from '../../lib/useResource';

/** One international parcel: what it declares, its orders, the carrier's events; ship or cancel it. */
export function ParcelPage() {
  const { t } = useTranslation();
  const toast = useToast();
  const confirm = useConfirm();
  const { parcelId = '' } = useParams();
  const parcel = useResource(() => parcelsApi.get(parcelId), [parcelId]);
  const [cancelling, setCancelling] = useState(false);
  const p = parcel.data;
  usePolling(parcel.reload, 10_000, p?.status === 'in_transit' || p?.status === 'created');

  if (parcel.loading && !p) return <Loading />;
  if (!p) {
    return (
      <div className="page">
        <PageHeader title={t('parcels.title')} />
        <ErrorBanner error={parcel.error} />
      </div>
    );
  }

  const ship = async () => {
    const ok = await confirm({ title: t('parcels.shipTitle', { number: p.trackingNumber }), body: t('parcels.shipBody', { count: p.orders.length }), confirmLabel: t('parcels.ship') });
    if (!ok) return;
    try {
      await parcelsApi.ship(p.id);
      toast(t('parcels.shipped'));
      await parcel.reload();
    } catch (err) {
      toast(errorText(t, err), 'danger');
    }
  };

  const events = [...(p.events ?? [])].sort((a, b) => b.occurredAt.localeCompare(a.occurredAt));
  return (
    <div className="page" data-testid="parcel-page">
      <PageHeader
        back={<Link to="/warehouse/parcels">← {t('parcels.title')}</Link>}
        title={
          <span className="title-with-badge">
            {t('parcels.parcelTitle', { number: p.trackingNumber })}
            <StatusBadge kind="parcel" status={p.status} testId="parcel-status" />
          </span>
        }
        subtitle={t('parcels.parcelSubtitle', { carrier: carrierName(t, p.carrier, p.carrierName), count: p.orders.length })}
        actions={
          p.status === 'created' && (
            <>
              <button type="button" className="btn btn-danger-outline" onClick={() => setCancelling(true)} data-testid="parcel-cancel">
                {t('parcels.cancel')}
              </button>
              <button type="button" className="btn btn-primary" onClick={ship} data-testid="parcel-ship">
                {t('parcels.ship')}
              </button>
            </>
          )
        }
      />
      <div className="grid-sidebar">
        <div className="stack">
          <Card title={t('parcels.orders')}>
            <ul className="plain-list parcel-orders">
              {p.orders.map((o) => (
                <li key={o.orderId}>
                  <Link to={`/orders/${o.orderId}`}>
                    <code className="id">{o.orderId}</code>
                  </Link>
                  <StatusBadge kind="order" status={o.status} />
                  {o.protectionEndsAt && <span className="muted small">{t('parcels.protectedUntil', { date: formatDateTime(o.protectionEndsAt) })}</span>}
                </li>
              ))}
            </ul>
          </Card>
          <Card title={t('parcels.events')}>
            {events.length === 0 ? (
              <EmptyState title={t('parcels.noEvents')} />
            ) : (
              <ol className="timeline">
                {events.map((e) => (
                  <li key={e.id} className="timeline-item">
                    <span className="timeline-marker" aria-hidden="true" />
                    <div className="timeline-content">
                      <div className="timeline-head">
                        <strong>{e.description || e.eventCode.replace(/_/g, ' ')}</strong>
                        <time dateTime={e.occurredAt}>{formatDateTime(e.occurredAt)}</time>
                      </div>
                      {e.location && <div className="muted small">{e.location}</div>}
                    </div>
                  </li>
                ))}
              </ol>
            )}
          </Card>
        </div>
        <Card title={t('parcels.declaration')}>
          <DefinitionList
            items={[
              [t('parcels.carrier'), carrierName(t, p.carrier, p.carrierName)],
              [t('parcels.trackingNumber'), <code className="tracking-no">{p.trackingNumber}</code>],
              [t('parcels.declaredWeight'), formatWeight(p.declaredWeightGrams)],
              [t('parcels.declaredValue'), formatMoney(p.declaredValue.amount, p.declaredValue.currency)],
              [t('parcels.insurance'), p.insured ? t('parcels.insured') : t('parcels.notInsured')],
              [t('parcels.buyer'), <code className="id">{p.buyerId}</code>],
              [t('parcels.created'), formatDateTime(p.createdAt)],
              [t('parcels.shippedOn'), formatDateTime(p.shippedAt)],
              [t('parcels.deliveredOn'), formatDateTime(p.deliveredAt)],
              ...(p.cancelledAt ? ([[t('parcels.cancelledOn'), formatDateTime(p.cancelledAt)]] as [string, string][]) : []),
            ]}
          />
        </Card>
      </div>
      <ReasonDialog
        open={cancelling}
        title={t('parcels.cancelTitle')}
        body={t('parcels.cancelBody')}
        label={t('parcels.cancelReason')}
        submitLabel={t('parcels.cancel')}
        tone="danger"
        onClose={() => setCancelling(false)}
        onSubmit={async (reason) => {
          await parcelsApi.cancel(p.id, reason);
          setCancelling(false);
          toast(t('parcels.cancelled'));
          await parcel.reload();
        }}
        testId="parcel-cancel-dialog"
      />
    </div>
  );
}
