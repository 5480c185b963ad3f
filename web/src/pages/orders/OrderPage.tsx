import { useCallback, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { casesApi } from '../../api/cases';
import { disputesApi, isDisputeType } from '../../api/disputes';
import { warehouseApi } from '../../api/logistics';
import { ordersApi } from '../../api/orders';
import { useConfirm } from '../../components/Confirm';
import { DispatchDialog } from '../../components/DispatchDialog';
import { ErrorBanner, errorText } from '../../components/ErrorMessage';
import { DeadlineCell, ItemsCard, OrderStatusBadge, ShipmentsList, SignalsCard } from '../../components/OrderBits';
import { StatusBadge } from '../../components/StatusBadge';
import { useBilingual } from '../../components/cases/Bilingual';
import { OrderTimeline } from '../../components/OrderTimeline';
import { ProtectionCard } from '../../components/ProtectionCard';
import { ReasonDialog } from '../../components/ReasonDialog';
import { RefundsCard } from '../../components/RefundsCard';
import { OrderReviewCard } from '../../components/visibility/OrderReviewCard';
import { useToast } from '../../components/Toast';
import { Callout, Card, DefinitionList, Loading, PageHeader } from '../../components/ui';
import { formatDateTime } from '../../lib/format';
import { formatMoney } from '../../lib/money';
import { carrierName, isStaffUser } from '../../lib/orders';
import { hasRole } from '../../lib/roles';
import { useUser } from '../../lib/session';
import { usePolling } from '../../lib/usePolling';
import { useResource } from '../../lib/useResource';

/** How often an open order page asks for news: scans and warehouse steps appear without a reload. */
export const LIVE_MS = 4000;

/**
 * One order, for everyone who may see it: the buyer follows it live and acts on it (cancel before dispatch,
 * ask for more protection, confirm delivery); the seller dispatches it and answers a cancellation request;
 * staff see the signals; support and admins extend protection; the warehouse receives it and passes QC.
 */
export function OrderPage() {
  const { t } = useTranslation();
  const user = useUser();
  const toast = useToast();
  const confirm = useConfirm();
  const { orderId = '' } = useParams();
  const order = useResource(() => ordersApi.get(orderId), [orderId]);
  const tracking = useResource(() => ordersApi.tracking(orderId), [orderId]);
  // QC cases on the order's items (none until an item fails QC; an older server without cases answers 404).
  const cases = useResource(() => casesApi.list({ orderId, limit: 50 }).catch(() => ({ items: [] })), [orderId]);
  // What the buyer may claim now, as the disputes API says (window after delivery, protection while in transit).
  const disputeOptions = useResource(() => (hasRole(user, 'buyer') ? disputesApi.options(orderId).catch(() => null) : Promise.resolve(null)), [orderId]);
  const bilingual = useBilingual();
  const [updatedAt, setUpdatedAt] = useState<Date>(new Date());
  const [dialog, setDialog] = useState<'dispatch' | 'cancel' | 'refuse' | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);

  const refresh = useCallback(async () => {
    await Promise.all([order.reload(), tracking.reload(), cases.reload(), disputeOptions.reload()]);
    setUpdatedAt(new Date());
  }, [order.reload, tracking.reload, cases.reload, disputeOptions.reload]);
  const o = order.data;
  const finished = o ? ['completed', 'cancelled', 'refunded'].includes(o.status) : false;
  usePolling(refresh, LIVE_MS, !finished);

  if (order.loading && !o) return <Loading />;
  if (!o) {
    return (
      <div className="page">
        <PageHeader title={t('orders.orderTitle', { ref: orderId })} />
        <ErrorBanner error={order.error} />
      </div>
    );
  }

  const isBuyer = user.id === o.buyerId;
  const isSeller = (user.sellers ?? []).some((m) => m.sellerId === o.sellerId);
  const staff = isStaffUser(user);
  const inspector = hasRole(user, 'qc_inspector');
  const mayExtend = isSeller || hasRole(user, 'support_agent', 'admin');
  const back = isBuyer ? { to: '/orders', label: t('nav.myOrders') } : isSeller ? { to: '/seller/orders', label: t('nav.sellerOrders') } : { to: '/staff/orders', label: t('nav.allOrders') };
  const cancellation = o.cancellation;

  const act = async (fn: () => Promise<unknown>, done: string) => {
    setActionError(null);
    try {
      await fn();
      toast(done);
      await refresh();
    } catch (err) {
      setActionError(err);
      toast(errorText(t, err), 'danger');
    }
  };

  const acceptCancellation = async () => {
    const ok = await confirm({
      title: t('cancellation.acceptTitle'),
      body: t('cancellation.acceptBody', { amount: formatMoney(o.payment.remainingAmount, o.currency) }),
      confirmLabel: t('cancellation.accept'),
      tone: 'danger',
    });
    if (ok) await act(() => ordersApi.acceptCancellation(o.id), t('cancellation.accepted'));
  };

  const passQc = async () => {
    const ok = await confirm({ title: t('warehouse.qc.confirmTitle', { ref: o.externalId }), body: t('warehouse.qc.confirmBody'), confirmLabel: t('warehouse.qc.pass') });
    if (ok) await act(() => warehouseApi.passQc(o.id), t('warehouse.qc.passed', { ref: o.externalId }));
  };

  return (
    <div className="page" data-testid="order-page" data-order-id={o.id}>
      <PageHeader
        back={<Link to={back.to}>← {back.label}</Link>}
        title={
          <span className="title-with-badge">
            {t('orders.orderTitle', { ref: o.externalId })}
            <OrderStatusBadge status={o.status} testId="order-status" />
          </span>
        }
        subtitle={t('orders.orderSubtitle', { date: formatDateTime(o.paidAt), amount: formatMoney(o.itemsTotal, o.currency) })}
        actions={
          <span className="live" data-testid="live-indicator" title={t('orders.liveHint')}>
            <span className="live-dot" aria-hidden="true" />
            {finished ? t('orders.updatedAt', { time: updatedAt.toLocaleTimeString() }) : t('orders.live', { time: updatedAt.toLocaleTimeString() })}
          </span>
        }
      />
      <ErrorBanner error={actionError} testId="action-error" />

      {/* What the reader can do now. */}
      {isSeller && o.status === 'paid' && (
        <Callout tone={o.overdue ? 'danger' : 'info'} title={o.overdue ? t('orders.seller.overdueTitle') : t('orders.seller.dispatchTitle')} testId="seller-dispatch-callout">
          <div className="callout-row">
            <DeadlineCell order={o} testId="order-deadline" />
            <button type="button" className="btn btn-primary" onClick={() => setDialog('dispatch')} data-testid="open-dispatch">
              {t('orders.seller.dispatch')}
            </button>
          </div>
          {cancellation?.outcome === 'refused' && <p className="muted small">{t('orders.seller.refusedBefore', { reason: cancellation.refusalReason ?? '' })}</p>}
        </Callout>
      )}
      {isSeller && o.status === 'cancellation_requested' && cancellation && (
        <Callout tone="warning" title={t('cancellation.sellerTitle')} testId="cancellation-request">
          <p>{t('cancellation.sellerBody', { date: formatDateTime(o.dispatchDeadline) })}</p>
          {cancellation.reason && <blockquote className="timeline-reason">{cancellation.reason}</blockquote>}
          <div className="callout-row">
            <button type="button" className="btn btn-danger" onClick={acceptCancellation} data-testid="accept-cancellation">
              {t('cancellation.accept')}
            </button>
            <button type="button" className="btn btn-secondary" onClick={() => setDialog('refuse')} data-testid="refuse-cancellation">
              {t('cancellation.refuse')}
            </button>
          </div>
        </Callout>
      )}
      {isBuyer && o.status === 'paid' && (
        <Callout tone="info" title={t('orders.buyer.waitingDispatch', { date: formatDateTime(o.dispatchDeadline) })} testId="buyer-waiting">
          {cancellation?.outcome === 'refused' ? (
            <p>{t('cancellation.refusedForBuyer', { reason: cancellation.refusalReason ?? '' })}</p>
          ) : (
            <div className="callout-row">
              <span>{t('orders.buyer.cancelHint')}</span>
              <button type="button" className="btn btn-danger-outline btn-sm" onClick={() => setDialog('cancel')} data-testid="request-cancellation">
                {t('cancellation.request')}
              </button>
            </div>
          )}
        </Callout>
      )}
      {isBuyer && o.status === 'cancellation_requested' && (
        <Callout tone="warning" title={t('cancellation.buyerWaiting')} testId="buyer-cancellation-pending">
          <p>{t('cancellation.buyerWaitingBody', { date: formatDateTime(o.dispatchDeadline) })}</p>
        </Callout>
      )}
      {o.status === 'cancelled' && (
        <Callout tone="info" title={t('cancellation.cancelledTitle')} testId="cancelled-callout">
          <p>{t(`cancellation.outcome.${cancellation?.outcome ?? 'accepted'}`)}</p>
        </Callout>
      )}
      {isBuyer && disputeOptions.data?.canOpen && (
        <Callout tone="info" title={t('disputes.order.title')} testId="dispute-entry">
          <div className="callout-row">
            <span>
              {disputeOptions.data.windowEndsAt && ['delivered', 'completed'].includes(o.status)
                ? t('disputes.order.untilWindow', { date: formatDateTime(disputeOptions.data.windowEndsAt) })
                : t('disputes.order.untilProtection', { date: formatDateTime(disputeOptions.data.protectionEndsAt) })}
            </span>
            <Link to={`/orders/${o.id}/dispute`} className="btn btn-secondary btn-sm" data-testid="open-dispute">
              {t('disputes.order.open')}
            </Link>
          </div>
        </Callout>
      )}
      {(cases.data?.items ?? []).map((c) => (
        <Callout key={c.id} tone={c.resolvedAt ? 'info' : 'warning'} title={isDisputeType(c.type) ? t('disputes.order.caseTitle', { issue: t(`disputes.issue.${c.type as string}`) }) : t('orders.caseTitle', { item: c.itemName ?? '' })} testId={`order-case-${c.id}`}>
          <div className="callout-row">
            <span>
              <StatusBadge kind="case" status={c.status} /> {bilingual(c.agreedRemedy?.text ?? c.requestedRemedy?.text)}
            </span>
            <Link to={isDisputeType(c.type) ? `/disputes/${c.id}` : `/cases/${c.id}`} className="btn btn-primary btn-sm" data-testid={`open-case-${c.id}`}>
              {t('orders.openCase')}
            </Link>
          </div>
        </Callout>
      ))}
      {inspector && o.status === 'dispatched' && (
        <Callout tone="info" title={t('warehouse.onOrder.awaiting')}>
          <Link className="btn btn-primary btn-sm" to={`/warehouse/receive?order=${encodeURIComponent(o.id)}`} data-testid="order-receive">
            {t('warehouse.receive.title')}
          </Link>
        </Callout>
      )}
      {inspector && o.status === 'received_at_warehouse' && (
        <Callout tone="info" title={t('warehouse.onOrder.received')}>
          <div className="callout-row">
            <Link to={`/warehouse/inspect/${o.id}`} className="btn btn-primary btn-sm" data-testid="order-inspect">
              {t('warehouse.qc.inspect')}
            </Link>
            <button type="button" className="btn btn-success btn-sm" onClick={passQc} data-testid="order-pass-qc">
              {t('warehouse.qc.passAll')}
            </button>
          </div>
        </Callout>
      )}

      {/* Keyed by status: a delivery confirmed on this page opens the review at once. */}
      <OrderReviewCard key={o.status} orderId={o.id} />

      <div className="grid-sidebar">
        <div className="stack">
          {staff && o.signals && o.signals.length > 0 && <SignalsCard signals={o.signals} />}
          <Card title={t('orders.timeline')} testId="timeline-card">
            <ErrorBanner error={tracking.error} />
            {tracking.data ? <OrderTimeline events={tracking.data.events} currency={o.currency} /> : <Loading />}
          </Card>
          <ItemsCard order={o} />
          {staff && o.signals && o.signals.length === 0 && <SignalsCard signals={o.signals} />}
        </div>
        <div className="stack">
          <Card title={t('orders.summary')}>
            <DefinitionList
              items={[
                [t('orders.ref'), <code className="id">{o.externalId}</code>],
                [t('orders.paidAt'), formatDateTime(o.paidAt)],
                [t('orders.total'), formatMoney(o.itemsTotal, o.currency)],
                [t('orders.method'), `${carrierName(t, o.shippingMethod.carrier)} · ${o.shippingMethod.service}`],
                [t('orders.dispatchDeadline'), o.businessDaysLeft !== null ? <DeadlineCell order={o} /> : formatDateTime(o.dispatchDeadline)],
                ...(o.dispatchedAt
                  ? ([[t('orders.dispatched'), <span>{formatDateTime(o.dispatchedAt)}{o.dispatchedLate && <span className="tag tag-danger">{t('orders.dispatchedLate')}</span>}</span>]] as [string, ReactNode][])
                  : []),
                ...(staff ? ([[t('orders.sellerId'), <code className="id">{o.sellerId}</code>], [t('orders.buyerId'), <code className="id">{o.buyerId}</code>]] as [string, ReactNode][]) : []),
              ]}
            />
          </Card>
          <Card title={t('orders.tracking')} testId="tracking-card">
            <h3 className="subhead">{t('orders.domesticLeg')}</h3>
            <ShipmentsList order={o} />
            <h3 className="subhead">{t('orders.internationalLeg')}</h3>
            {tracking.data?.parcel ? (
              <div className="shipment-list" data-testid="parcel-info">
                <div className="shipment-head">
                  <span>{carrierName(t, tracking.data.parcel.carrier, tracking.data.parcel.carrierName)}</span>
                  <code className="tracking-no">{tracking.data.parcel.trackingNumber}</code>
                </div>
                <div className="tags">
                  <span className="tag">{t(`status.parcel.${tracking.data.parcel.status}`)}</span>
                  <span className="tag">{tracking.data.parcel.insured ? t('parcels.insured') : t('parcels.notInsured')}</span>
                </div>
                {staff && (
                  <Link to={`/warehouse/parcels/${tracking.data.parcel.id}`} className="small">
                    {t('parcels.open')}
                  </Link>
                )}
              </div>
            ) : (
              <p className="muted">{t('orders.noParcel')}</p>
            )}
          </Card>
          <ProtectionCard orderId={o.id} orderStatus={o.status} protection={tracking.data?.protection ?? null} isBuyer={isBuyer} mayExtend={mayExtend} onChanged={() => void refresh()} />
          <RefundsCard order={o} />
        </div>
      </div>

      {dialog === 'dispatch' && (
        <DispatchDialog
          order={o}
          onClose={() => setDialog(null)}
          onDone={() => {
            setDialog(null);
            toast(t('dispatch.done', { ref: o.externalId }));
            void refresh();
          }}
        />
      )}
      <ReasonDialog
        open={dialog === 'cancel'}
        title={t('cancellation.requestTitle')}
        body={t('cancellation.requestBody', { date: formatDateTime(o.dispatchDeadline) })}
        label={t('cancellation.reason')}
        submitLabel={t('cancellation.requestSubmit')}
        tone="danger"
        onClose={() => setDialog(null)}
        onSubmit={async (reason) => {
          await ordersApi.requestCancellation(o.id, reason);
          setDialog(null);
          toast(t('cancellation.requested'));
          await refresh();
        }}
        testId="cancel-dialog"
      />
      <ReasonDialog
        open={dialog === 'refuse'}
        title={t('cancellation.refuseTitle')}
        body={t('cancellation.refuseBody', { date: formatDateTime(o.dispatchDeadline) })}
        label={t('cancellation.refuseReason')}
        hint={t('cancellation.refuseHint')}
        submitLabel={t('cancellation.refuse')}
        onClose={() => setDialog(null)}
        onSubmit={async (reason) => {
          await ordersApi.refuseCancellation(o.id, reason);
          setDialog(null);
          toast(t('cancellation.refused'));
          await refresh();
        }}
        testId="refuse-dialog"
      />
    </div>
  );
}
