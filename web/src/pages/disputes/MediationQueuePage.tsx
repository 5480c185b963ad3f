import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { disputesApi, DISPUTE_STATUSES, type DisputeSummary, type MediationEntry } from '../../api/disputes';
import { useBilingual } from '../../components/cases/Bilingual';
import { DisputeStatusBadge, TierBadge } from '../../components/disputes/parts';
import { ErrorBanner } from '../../components/ErrorMessage';
import { SimplePager } from '../../components/OrdersTable';
import { EmptyState, Loading, PageHeader } from '../../components/ui';
import { formatDateTime, formatWaiting } from '../../lib/format';
import { formatMoney } from '../../lib/money';
import { usePolling } from '../../lib/usePolling';
import { useResource } from '../../lib/useResource';
import { useUser } from '../../lib/session';

const PAGE = 50;
const FLAGS = ['needsVideo', 'disproportionate', 'duplicateEvidence', 'weightShortfall', 'poorRecordAtOpening'] as const;

/** Disputes in a table: the claim, its tier and flags, where it stands and since when. */
export function DisputesTable({ items, queue, testId = 'disputes-table' }: { items: (DisputeSummary | MediationEntry)[]; queue?: boolean; testId?: string }) {
  const { t } = useTranslation();
  const text = useBilingual();
  const user = useUser();
  return (
    <div className="table-wrap">
      <table className="table table-stack" data-testid={testId}>
        <thead>
          <tr>
            {queue && <th scope="col">{t('disputes.queue.col.waiting')}</th>}
            <th scope="col">{t('disputes.queue.col.claim')}</th>
            <th scope="col">{t('disputes.queue.col.tier')}</th>
            <th scope="col">{t('disputes.queue.col.status')}</th>
            <th scope="col">{t('disputes.queue.col.remedy')}</th>
            <th scope="col">{t('disputes.queue.col.parties')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('common.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((d) => {
            const entry = 'dueAt' in d ? d : null;
            return (
              <tr key={d.id} data-testid={`dispute-row-${d.id}`} className={d.deadline?.overdue ? 'row-overdue' : ''}>
                {queue && entry && (
                  <td data-label={t('disputes.queue.col.waiting')}>
                    <span className={`tag ${entry.queueReason === 'appeal' ? 'tag-danger' : 'tag-warning'}`} data-testid={`queue-reason-${d.id}`}>
                      {entry.queueReason === 'appeal' ? t('disputes.queue.appeal') : t('disputes.queue.mediation')}
                    </span>
                    <div className="cell-sub" data-testid={`queue-due-${d.id}`} title={formatDateTime(entry.dueAt)}>
                      {t('disputes.queue.since', { time: formatWaiting(entry.dueAt) })}
                    </div>
                    {entry.queueReason === 'appeal' && entry.mediatorId === user.id && <div className="cell-sub text-danger">{t('disputes.queue.notYours')}</div>}
                  </td>
                )}
                <td data-label={t('disputes.queue.col.claim')}>
                  <Link to={`/disputes/${d.id}`} className="cell-main" data-testid={`dispute-link-${d.id}`}>
                    {t(`disputes.issue.${d.type}`)}
                  </Link>
                  <div className="cell-sub">
                    {d.orderRef} · {formatMoney(d.claimAmount, d.currency)}
                  </div>
                </td>
                <td data-label={t('disputes.queue.col.tier')}>
                  <TierBadge tier={d.tier} />
                  <div className="tags">
                    {FLAGS.filter((f) => d.flags[f]).map((f) => (
                      <span key={f} className="tag tag-danger">
                        {t(`disputes.flags.${f}`)}
                      </span>
                    ))}
                  </div>
                </td>
                <td data-label={t('disputes.queue.col.status')}>
                  <DisputeStatusBadge status={d.status} testId={`dispute-status-${d.id}`} />
                  {d.deadline && <div className={`cell-sub ${d.deadline.overdue ? 'text-danger' : ''}`}>{t('disputes.queue.deadline', { date: formatDateTime(d.deadline.at) })}</div>}
                </td>
                <td data-label={t('disputes.queue.col.remedy')}>{text(d.requestedRemedy?.text) || '—'}</td>
                <td data-label={t('disputes.queue.col.parties')}>
                  {d.buyerName ?? d.buyerId}
                  <div className="cell-sub">{d.shopName}</div>
                </td>
                <td className="cell-actions">
                  <Link to={`/disputes/${d.id}`} className={`btn btn-sm ${queue ? 'btn-primary' : 'btn-secondary'}`} data-testid={`dispute-open-${d.id}`}>
                    {queue ? t('disputes.queue.decide') : t('disputes.queue.open')}
                  </Link>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/**
 * Support's mediation queue: disputes waiting for a decision and appeals waiting for another agent, the longest
 * waiting first (mediation has no deadline of its own: the oldest is the most overdue); and every dispute.
 */
export function MediationQueuePage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'all' ? 'all' : 'queue';
  const [status, setStatus] = useState('');
  const [offset, setOffset] = useState(0);
  const queue = useResource(() => disputesApi.mediationQueue({ limit: 200 }), []);
  const all = useResource(() => (tab === 'all' ? disputesApi.list({ status: status || undefined, limit: PAGE, offset }) : Promise.resolve({ items: [] })), [tab, status, offset]);
  usePolling(async () => {
    await Promise.all([queue.reload(), tab === 'all' ? all.reload() : null]);
  }, 10_000);
  const items = queue.data?.items ?? [];
  return (
    <div className="page" data-testid="mediation-queue-page">
      <PageHeader title={t('disputes.queue.title')} subtitle={t('disputes.queue.subtitle')} />
      <div className="tabs" role="tablist">
        {(['queue', 'all'] as const).map((k) => (
          <button
            key={k}
            type="button"
            role="tab"
            aria-selected={tab === k}
            className={`tab ${tab === k ? 'active' : ''}`}
            onClick={() => {
              setParams(k === 'queue' ? {} : { tab: k }, { replace: true });
              setOffset(0);
            }}
            data-testid={`tab-${k}`}
          >
            {t(`disputes.queue.tab.${k}`)}
            {k === 'queue' && items.length > 0 && <span className="tab-count tab-count-alert">{items.length}</span>}
          </button>
        ))}
      </div>
      {tab === 'queue' ? (
        <>
          <ErrorBanner error={queue.error} />
          {queue.loading && !queue.data ? (
            <Loading />
          ) : items.length === 0 ? (
            <EmptyState title={t('disputes.queue.empty')}>{t('disputes.queue.emptyBody')}</EmptyState>
          ) : (
            <DisputesTable items={items} queue testId="mediation-queue" />
          )}
        </>
      ) : (
        <>
          <div className="toolbar">
            <label className="toolbar-field">
              <span>{t('orders.filterStatus')}</span>
              <select
                value={status}
                onChange={(e) => {
                  setStatus(e.target.value);
                  setOffset(0);
                }}
                data-testid="disputes-status-filter"
              >
                <option value="">{t('orders.allStatuses')}</option>
                {DISPUTE_STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {t(`disputes.status.${s}`)}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <ErrorBanner error={all.error} />
          {all.loading && !all.data ? (
            <Loading />
          ) : (all.data?.items ?? []).length === 0 ? (
            <EmptyState title={t('disputes.queue.none')} />
          ) : (
            <>
              <DisputesTable items={all.data?.items ?? []} />
              <SimplePager offset={offset} limit={PAGE} count={all.data?.items.length ?? 0} onChange={setOffset} />
            </>
          )}
        </>
      )}
    </div>
  );
}

/** A buyer's or a seller's own disputes, open ones first. */
export function MyDisputesPage() {
  const { t } = useTranslation();
  const list = useResource(() => disputesApi.list({ limit: 200 }), []);
  usePolling(list.reload, 15_000);
  const items = [...(list.data?.items ?? [])].sort((a, b) => Number(!!a.outcome) - Number(!!b.outcome));
  return (
    <div className="page" data-testid="my-disputes-page">
      <PageHeader title={t('disputes.mine.title')} subtitle={t('disputes.mine.subtitle')} />
      <ErrorBanner error={list.error} />
      {list.loading && !list.data ? <Loading /> : items.length === 0 ? <EmptyState title={t('disputes.mine.empty')}>{t('disputes.mine.emptyBody')}</EmptyState> : <DisputesTable items={items} />}
    </div>
  );
}
