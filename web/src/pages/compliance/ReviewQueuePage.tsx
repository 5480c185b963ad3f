import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { sellersApi } from '../../api/sellers';
import { ErrorBanner } from '../../components/ErrorMessage';
import { StatusBadge } from '../../components/StatusBadge';
import { EmptyState, Loading, PageHeader } from '../../components/ui';
import { countryName, formatDateTime, formatDuration } from '../../lib/format';
import { useResource } from '../../lib/useResource';

const REFRESH_MS = 30_000;

/** Applications waiting for compliance, the longest-waiting first. */
export function ReviewQueuePage() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<'' | 'submitted' | 'under_review'>('');
  const queue = useResource(() => sellersApi.queue({ status: status || undefined, limit: 200 }), [status]);
  useEffect(() => {
    // Waiting times come from the server's clock, so they are refreshed with the queue.
    const timer = window.setInterval(() => void queue.reload(), REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [queue.reload]);

  const items = queue.data?.items ?? [];
  return (
    <div className="page">
      <PageHeader
        title={t('queue.title')}
        subtitle={t('queue.subtitle')}
        actions={
          <button type="button" className="btn btn-secondary btn-sm" onClick={() => void queue.reload()} data-testid="queue-refresh">
            {t('common.refresh')}
          </button>
        }
      />
      <div className="toolbar">
        <label className="toolbar-field">
          <span>{t('queue.filter')}</span>
          <select value={status} onChange={(e) => setStatus(e.target.value as typeof status)} data-testid="queue-status-filter">
            <option value="">{t('queue.allWaiting')}</option>
            <option value="submitted">{t('status.application.submitted')}</option>
            <option value="under_review">{t('status.application.under_review')}</option>
          </select>
        </label>
        {queue.data?.total != null && <span className="muted">{t('queue.count', { count: queue.data.total })}</span>}
      </div>
      <ErrorBanner error={queue.error} />
      {queue.loading && !queue.data ? (
        <Loading />
      ) : items.length === 0 ? (
        <EmptyState title={t('queue.empty')}>{t('queue.emptyBody')}</EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="queue-table">
            <caption className="visually-hidden">{t('queue.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('queue.col.waiting')}</th>
                <th scope="col">{t('queue.col.seller')}</th>
                <th scope="col">{t('queue.col.location')}</th>
                <th scope="col">{t('queue.col.type')}</th>
                <th scope="col">{t('queue.col.status')}</th>
                <th scope="col">{t('queue.col.documents')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('common.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => {
                const hours = item.waitingSeconds / 3600;
                const c = item.documentCounts;
                return (
                  <tr key={item.applicationId} data-testid={`queue-row-${item.sellerId}`}>
                    <td>
                      <span className={`waiting ${hours >= 72 ? 'waiting-late' : hours >= 24 ? 'waiting-warn' : ''}`} title={formatDateTime(item.waitingSince)}>
                        {formatDuration(item.waitingSeconds)}
                      </span>
                    </td>
                    <td>
                      <div className="cell-main">{item.shopName}</div>
                      <div className="cell-sub">{item.legalName}</div>
                    </td>
                    <td>
                      {countryName(item.country)}
                      <div className="cell-sub">{item.region}</div>
                    </td>
                    <td>{t(`seller.businessType.${item.businessType}`)}</td>
                    <td>
                      <StatusBadge kind="application" status={item.status} />
                    </td>
                    <td>
                      <span className="doc-counts">
                        {c.approved > 0 && <span className="count count-success">{t('queue.counts.approved', { count: c.approved })}</span>}
                        {c.pending_review > 0 && <span className="count count-info">{t('queue.counts.pending', { count: c.pending_review })}</span>}
                        {c.revision_requested + c.rejected + c.expired > 0 && (
                          <span className="count count-warning">{t('queue.counts.attention', { count: c.revision_requested + c.rejected + c.expired })}</span>
                        )}
                      </span>
                    </td>
                    <td className="cell-actions">
                      <Link to={`/compliance/applications/${item.sellerId}`} className="btn btn-primary btn-sm" data-testid={`queue-review-${item.sellerId}`}>
                        {t('queue.review')}
                      </Link>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
