import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { ordersApi } from '../../api/orders';
import { ORDER_STATUSES, type OrderStatus, type OrderSummary } from '../../api/types';
import { useConfirm } from '../../components/Confirm';
import { DispatchDialog } from '../../components/DispatchDialog';
import { ErrorBanner, errorText } from '../../components/ErrorMessage';
import { DeadlineCell } from '../../components/OrderBits';
import { OrdersTable, SimplePager } from '../../components/OrdersTable';
import { ReasonDialog } from '../../components/ReasonDialog';
import { useToast } from '../../components/Toast';
import { EmptyState, Loading, PageHeader } from '../../components/ui';
import { formatDateTime } from '../../lib/format';
import { formatMoney } from '../../lib/money';
import { currentMembership } from '../../lib/sellers';
import { useUser } from '../../lib/session';
import { usePolling } from '../../lib/usePolling';
import { useResource } from '../../lib/useResource';

type Tab = 'dispatch' | 'cancellations' | 'all';
const TABS: Tab[] = ['dispatch', 'cancellations', 'all'];
const PAGE = 50;

/**
 * The seller's orders: those to dispatch, soonest deadline first with the business days left (overdue ones
 * highlighted), the buyers' cancellation requests to answer, and every order.
 */
export function SellerOrdersPage() {
  const { t } = useTranslation();
  const user = useUser();
  const toast = useToast();
  const confirm = useConfirm();
  const [params, setParams] = useSearchParams();
  const tab: Tab = TABS.includes(params.get('tab') as Tab) ? (params.get('tab') as Tab) : 'dispatch';
  const [status, setStatus] = useState<OrderStatus | ''>('');
  const [offset, setOffset] = useState(0);
  const [dispatching, setDispatching] = useState<OrderSummary | null>(null);
  const [refusing, setRefusing] = useState<OrderSummary | null>(null);

  const toDispatch = useResource(() => ordersApi.list({ needsDispatch: true, limit: 200 }), []);
  const cancellations = useResource(() => ordersApi.list({ status: 'cancellation_requested', limit: 200 }), []);
  const all = useResource(() => (tab === 'all' ? ordersApi.list({ status: status || undefined, limit: PAGE, offset }) : Promise.resolve({ items: [] })), [tab, status, offset]);
  const reloadAll = async () => {
    await Promise.all([toDispatch.reload(), cancellations.reload(), tab === 'all' ? all.reload() : null]);
  };
  // Deadlines count down and requests arrive: keep the lists fresh.
  usePolling(reloadAll, 20_000);

  const membership = currentMembership(user);
  if (!membership) {
    return (
      <div className="page">
        <PageHeader title={t('sellerOrders.title')} />
        <EmptyState title={t('profile.noSeller')}>
          <Link to="/seller/application" className="btn btn-primary">
            {t('profile.startApplication')}
          </Link>
        </EmptyState>
      </div>
    );
  }

  const dispatchItems = toDispatch.data?.items ?? [];
  const overdue = dispatchItems.filter((o) => o.overdue).length;
  const cancelItems = cancellations.data?.items ?? [];

  const accept = async (o: OrderSummary) => {
    const ok = await confirm({
      title: t('cancellation.acceptTitle'),
      body: t('cancellation.acceptBodyFull', { ref: o.externalId }),
      confirmLabel: t('cancellation.accept'),
      tone: 'danger',
    });
    if (!ok) return;
    try {
      await ordersApi.acceptCancellation(o.id);
      toast(t('cancellation.accepted'));
      await reloadAll();
    } catch (err) {
      toast(errorText(t, err), 'danger');
    }
  };

  const tabLabel = (k: Tab) => {
    const count = k === 'dispatch' ? dispatchItems.length : k === 'cancellations' ? cancelItems.length : null;
    return (
      <>
        {t(`sellerOrders.tab.${k}`)}
        {count !== null && count > 0 && <span className={`tab-count ${k === 'cancellations' || (k === 'dispatch' && overdue) ? 'tab-count-alert' : ''}`}>{count}</span>}
      </>
    );
  };

  return (
    <div className="page">
      <PageHeader
        title={t('sellerOrders.title')}
        subtitle={t('sellerOrders.subtitle', { shop: membership.shopName })}
        actions={
          <button type="button" className="btn btn-secondary btn-sm" onClick={() => void reloadAll()} data-testid="orders-refresh">
            {t('common.refresh')}
          </button>
        }
      />
      <div className="stat-row">
        <div className="stat">
          <span className="stat-value" data-testid="count-to-dispatch">
            {dispatchItems.length}
          </span>
          <span className="stat-label">{t('sellerOrders.stat.toDispatch')}</span>
        </div>
        <div className={`stat ${overdue ? 'stat-danger' : ''}`}>
          <span className="stat-value" data-testid="count-overdue">
            {overdue}
          </span>
          <span className="stat-label">{t('sellerOrders.stat.overdue')}</span>
        </div>
        <div className={`stat ${cancelItems.length ? 'stat-warning' : ''}`}>
          <span className="stat-value">{cancelItems.length}</span>
          <span className="stat-label">{t('sellerOrders.stat.cancellations')}</span>
        </div>
      </div>
      <div className="tabs" role="tablist">
        {TABS.map((k) => (
          <button
            key={k}
            type="button"
            role="tab"
            aria-selected={tab === k}
            className={`tab ${tab === k ? 'active' : ''}`}
            onClick={() => {
              setParams(k === 'dispatch' ? {} : { tab: k }, { replace: true });
              setOffset(0);
            }}
            data-testid={`tab-${k}`}
          >
            {tabLabel(k)}
          </button>
        ))}
      </div>

      {tab === 'dispatch' && (
        <section role="tabpanel" data-testid="panel-dispatch">
          <ErrorBanner error={toDispatch.error} />
          {toDispatch.loading && !toDispatch.data ? (
            <Loading />
          ) : dispatchItems.length === 0 ? (
            <EmptyState title={t('sellerOrders.noneToDispatch')}>{t('sellerOrders.noneToDispatchBody')}</EmptyState>
          ) : (
            <>
              <p className="muted small">{t('sellerOrders.dispatchHint')}</p>
              <OrdersTable
                orders={dispatchItems}
                columns={['order', 'deadline', 'total', 'method', 'actions']}
                caption={t('sellerOrders.tab.dispatch')}
                testId="dispatch-table"
                actions={(o) => (
                  <button type="button" className="btn btn-primary btn-sm" onClick={() => setDispatching(o)} data-testid={`dispatch-${o.id}`}>
                    {t('orders.seller.dispatch')}
                  </button>
                )}
              />
            </>
          )}
        </section>
      )}

      {tab === 'cancellations' && (
        <section role="tabpanel" data-testid="panel-cancellations">
          <ErrorBanner error={cancellations.error} />
          {cancellations.loading && !cancellations.data ? (
            <Loading />
          ) : cancelItems.length === 0 ? (
            <EmptyState title={t('sellerOrders.noCancellations')}>{t('sellerOrders.noCancellationsBody')}</EmptyState>
          ) : (
            <ul className="request-list">
              {cancelItems.map((o) => (
                <li key={o.id} className="card request" data-testid={`cancellation-${o.id}`}>
                  <div className="request-main">
                    <div className="request-head">
                      <Link to={`/orders/${o.id}`} className="cell-main">
                        {o.externalId}
                      </Link>
                      <span className="muted small">{t('sellerOrders.requestedAt', { date: formatDateTime(o.cancellation?.requestedAt) })}</span>
                    </div>
                    {o.cancellation?.reason && <blockquote className="timeline-reason">{o.cancellation.reason}</blockquote>}
                    <div className="request-meta">
                      <span>{formatMoney(o.itemsTotal, o.currency)}</span>
                      <span className="muted">{t('sellerOrders.answerBy')}</span>
                      <DeadlineCell order={o} />
                    </div>
                  </div>
                  <div className="request-actions">
                    <button type="button" className="btn btn-danger btn-sm" onClick={() => accept(o)} data-testid={`accept-${o.id}`}>
                      {t('cancellation.accept')}
                    </button>
                    <button type="button" className="btn btn-secondary btn-sm" onClick={() => setRefusing(o)} data-testid={`refuse-${o.id}`}>
                      {t('cancellation.refuse')}
                    </button>
                  </div>
                </li>
              ))}
            </ul>
          )}
          <p className="muted small">{t('sellerOrders.silenceHint')}</p>
        </section>
      )}

      {tab === 'all' && (
        <section role="tabpanel" data-testid="panel-all">
          <div className="toolbar">
            <label className="toolbar-field">
              <span>{t('orders.filterStatus')}</span>
              <select
                value={status}
                onChange={(e) => {
                  setStatus(e.target.value as OrderStatus | '');
                  setOffset(0);
                }}
                data-testid="orders-status-filter"
              >
                <option value="">{t('orders.allStatuses')}</option>
                {ORDER_STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {t(`status.order.${s}`)}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <ErrorBanner error={all.error} />
          {all.loading && !all.data ? (
            <Loading />
          ) : (all.data?.items ?? []).length === 0 ? (
            <EmptyState title={t('sellerOrders.noOrders')} />
          ) : (
            <>
              <OrdersTable orders={all.data?.items ?? []} columns={['order', 'total', 'status', 'dispatch']} caption={t('sellerOrders.tab.all')} />
              <SimplePager offset={offset} limit={PAGE} count={all.data?.items.length ?? 0} onChange={setOffset} />
            </>
          )}
        </section>
      )}

      {dispatching && (
        <DispatchDialog
          order={dispatching}
          onClose={() => setDispatching(null)}
          onDone={() => {
            toast(t('dispatch.done', { ref: dispatching.externalId }));
            setDispatching(null);
            void reloadAll();
          }}
        />
      )}
      <ReasonDialog
        open={refusing !== null}
        title={t('cancellation.refuseTitle')}
        body={refusing ? t('cancellation.refuseBody', { date: formatDateTime(refusing.dispatchDeadline) }) : undefined}
        label={t('cancellation.refuseReason')}
        hint={t('cancellation.refuseHint')}
        submitLabel={t('cancellation.refuse')}
        onClose={() => setRefusing(null)}
        onSubmit={async (reason) => {
          if (!refusing) return;
          await ordersApi.refuseCancellation(refusing.id, reason);
          setRefusing(null);
          toast(t('cancellation.refused'));
          await reloadAll();
        }}
        testId="refuse-dialog"
      />
    </div>
  );
}
