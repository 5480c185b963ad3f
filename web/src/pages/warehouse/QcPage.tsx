import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { warehouseApi } from '../../api/logistics';
import { ordersApi } from '../../api/orders';
import type { OrderSummary } from '../../api/types';
import { useConfirm } from '../../components/Confirm';
import { ErrorBanner, errorText } from '../../components/ErrorMessage';
import { OrdersTable } from '../../components/OrdersTable';
import { useToast } from '../../components/Toast';
import { EmptyState, Loading, PageHeader } from '../../components/ui';
import { usePolling } from '../../lib/usePolling';
import { useResource } from '../../lib/useResource';

/** Orders received at the warehouse and waiting for their inspection, the earliest received first. */
export function QcPage() {
  const { t } = useTranslation();
  const toast = useToast();
  const confirm = useConfirm();
  const orders = useResource(() => ordersApi.list({ status: 'received_at_warehouse', limit: 200 }), []);
  usePolling(orders.reload, 20_000);
  const items = [...(orders.data?.items ?? [])].sort((a, b) => (a.receivedAtWarehouseAt ?? '').localeCompare(b.receivedAtWarehouseAt ?? ''));

  const pass = async (o: OrderSummary) => {
    const ok = await confirm({ title: t('warehouse.qc.confirmTitle', { ref: o.externalId }), body: t('warehouse.qc.confirmBody'), confirmLabel: t('warehouse.qc.pass') });
    if (!ok) return;
    try {
      await warehouseApi.passQc(o.id);
      toast(t('warehouse.qc.passed', { ref: o.externalId }));
      await orders.reload();
    } catch (err) {
      toast(errorText(t, err), 'danger');
    }
  };

  return (
    <div className="page">
      <PageHeader title={t('warehouse.qc.title')} subtitle={t('warehouse.qc.subtitle')} />
      <ErrorBanner error={orders.error} />
      {orders.loading && !orders.data ? (
        <Loading />
      ) : items.length === 0 ? (
        <EmptyState title={t('warehouse.qc.empty')}>
          <Link to="/warehouse/receive" className="btn btn-secondary">
            {t('warehouse.receive.title')}
          </Link>
        </EmptyState>
      ) : (
        <OrdersTable
          orders={items}
          columns={['order', 'total', 'status', 'actions']}
          caption={t('warehouse.qc.title')}
          testId="qc-table"
          actions={(o) => (
            <>
              <Link className="btn btn-primary btn-sm" to={`/warehouse/inspect/${o.id}`} data-testid={`qc-inspect-${o.id}`}>
                {t('warehouse.qc.inspect')}
              </Link>
              <button type="button" className="btn btn-success btn-sm" onClick={() => pass(o)} data-testid={`qc-pass-${o.id}`}>
                {t('warehouse.qc.passAll')}
              </button>
            </>
          )}
        />
      )}
    </div>
  );
}
