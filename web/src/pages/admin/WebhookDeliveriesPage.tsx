import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import type { DeliveryStatus } from '../../api/types';
import { webhooksApi } from '../../api/webhooks';
import { ErrorBanner, errorText } from '../../components/ErrorMessage';
import { StatusBadge } from '../../components/StatusBadge';
import { useToast } from '../../components/Toast';
import { EmptyState, Loading, PageHeader } from '../../components/ui';
import { formatDateTime } from '../../lib/format';
import { useResource } from '../../lib/useResource';

export function WebhookDeliveriesPage() {
  const { t } = useTranslation();
  const { webhookId = '' } = useParams();
  const toast = useToast();
  const [status, setStatus] = useState<DeliveryStatus | ''>('');
  const endpoint = useResource(() => webhooksApi.get(webhookId), [webhookId]);
  const deliveries = useResource(() => webhooksApi.deliveries(webhookId, { status: status || undefined, limit: 200 }), [webhookId, status]);
  const [busy, setBusy] = useState<string | null>(null);

  const retry = async (id: string) => {
    setBusy(id);
    try {
      await webhooksApi.retry(id);
      toast(t('admin.deliveries.retried'));
      await deliveries.reload();
    } catch (err) {
      toast(errorText(t, err), 'danger');
    } finally {
      setBusy(null);
    }
  };
  const sendTest = async () => {
    try {
      await webhooksApi.test(webhookId);
      toast(t('admin.webhooks.testSent'));
      await deliveries.reload();
    } catch (err) {
      toast(errorText(t, err), 'danger');
    }
  };

  const items = deliveries.data?.items ?? [];
  return (
    <div className="page">
      <PageHeader
        back={<Link to="/admin/webhooks">← {t('admin.webhooks.title')}</Link>}
        title={t('admin.deliveries.title')}
        subtitle={endpoint.data ? <code>{endpoint.data.url}</code> : undefined}
        actions={
          <>
            {endpoint.data && <StatusBadge kind="webhook" status={endpoint.data.enabled ? 'enabled' : 'disabled'} />}
            <button type="button" className="btn btn-secondary btn-sm" onClick={sendTest} disabled={!endpoint.data?.enabled} data-testid="deliveries-test">
              {t('admin.webhooks.sendTest')}
            </button>
            <button type="button" className="btn btn-secondary btn-sm" onClick={() => void deliveries.reload()}>
              {t('common.refresh')}
            </button>
          </>
        }
      />
      <div className="toolbar">
        <label className="toolbar-field">
          <span>{t('admin.deliveries.statusFilter')}</span>
          <select value={status} onChange={(e) => setStatus(e.target.value as DeliveryStatus | '')} data-testid="deliveries-status-filter">
            <option value="">{t('admin.deliveries.all')}</option>
            {(['pending', 'succeeded', 'failed'] as const).map((s) => (
              <option key={s} value={s}>
                {t(`status.delivery.${s}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ErrorBanner error={endpoint.error ?? deliveries.error} />
      {deliveries.loading && !deliveries.data ? (
        <Loading />
      ) : items.length === 0 ? (
        <EmptyState title={t('admin.deliveries.empty')} />
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="deliveries-table">
            <thead>
              <tr>
                <th scope="col">{t('admin.deliveries.col.event')}</th>
                <th scope="col">{t('admin.deliveries.col.status')}</th>
                <th scope="col">{t('admin.deliveries.col.attempts')}</th>
                <th scope="col">{t('admin.deliveries.col.response')}</th>
                <th scope="col">{t('admin.deliveries.col.lastAttempt')}</th>
                <th scope="col">{t('admin.deliveries.col.nextAttempt')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('common.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((d) => (
                <tr key={d.id} data-testid={`delivery-${d.id}`}>
                  <td>
                    <code>{d.eventType}</code>
                    <div className="cell-sub">
                      <code title={t('admin.deliveries.webhookId')}>{d.outboxId}</code> · {formatDateTime(d.createdAt)}
                    </div>
                  </td>
                  <td>
                    <StatusBadge kind="delivery" status={d.status} />
                  </td>
                  <td>
                    {d.attempts} / {d.maxAttempts}
                  </td>
                  <td>
                    {d.lastStatusCode != null ? <code className={d.lastStatusCode >= 200 && d.lastStatusCode < 300 ? 'text-success' : 'text-danger'}>HTTP {d.lastStatusCode}</code> : '—'}
                    {d.lastDurationMs != null && <span className="cell-sub"> · {d.lastDurationMs} ms</span>}
                    {d.lastError && (
                      <div className="cell-sub text-danger error-text" title={d.lastError}>
                        {d.lastError}
                      </div>
                    )}
                  </td>
                  <td>{formatDateTime(d.lastAttemptAt)}</td>
                  <td>{d.status === 'pending' ? formatDateTime(d.nextAttemptAt) : '—'}</td>
                  <td className="cell-actions">
                    {d.status === 'failed' && (
                      <button type="button" className="btn btn-secondary btn-sm" disabled={busy === d.id} onClick={() => retry(d.id)} data-testid={`delivery-retry-${d.id}`}>
                        {t('admin.deliveries.retry')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
