import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { isDisputeType } from '../../api/disputes';
import type { CaseSummary } from '../../api/types';
import { casesApi } from '../../api/cases';
import { CasesTable } from '../../components/cases/CasesTable';
import { ReturnAddressCard } from '../../components/cases/ReturnAddressCard';
import { currentMembership } from '../../lib/sellers';
import { useUser } from '../../lib/session';
import { ErrorBanner } from '../../components/ErrorMessage';
import { SimplePager } from '../../components/OrdersTable';
import { EmptyState, Loading, PageHeader } from '../../components/ui';
import { CASE_STATUSES } from '../../lib/cases';
import { usePolling } from '../../lib/usePolling';
import { useResource } from '../../lib/useResource';

const PAGE = 50;

/** The row's button: a post-delivery dispute opens on its own page, a QC case on the case page. */
function caseLink(t: (k: string) => string, side: 'buyer' | 'seller' | 'staff') {
  return function CaseLink(c: CaseSummary) {
    const mine = (c.waitingFor === 'buyer' && side === 'buyer') || (c.waitingFor === 'seller' && side === 'seller');
    const dispute = isDisputeType(c.type);
    return (
      <Link to={dispute ? `/disputes/${c.id}` : `/cases/${c.id}`} className={`btn btn-sm ${mine ? 'btn-primary' : 'btn-secondary'}`} data-testid={`case-open-${c.id}`}>
        {dispute ? t('disputes.list.openDispute') : mine ? t('cases.respond') : t('cases.open')}
      </Link>
    );
  };
}

function Tabs<T extends string>({ tabs, value, onChange, counts }: { tabs: T[]; value: T; onChange: (t: T) => void; counts?: Partial<Record<T, number>> }) {
  const { t } = useTranslation();
  return (
    <div className="tabs" role="tablist">
      {tabs.map((k) => (
        <button key={k} type="button" role="tab" aria-selected={value === k} className={`tab ${value === k ? 'active' : ''}`} onClick={() => onChange(k)} data-testid={`tab-${k}`}>
          {t(`cases.tab.${k}`)}
          {counts?.[k] ? <span className="tab-count tab-count-alert">{counts[k]}</span> : null}
        </button>
      ))}
    </div>
  );
}

/** The buyer's QC cases, those waiting for their choice first. */
export function BuyerCasesPage() {
  const { t } = useTranslation();
  const waiting = useResource(() => casesApi.list({ waitingFor: 'me', limit: 200 }), []);
  const all = useResource(() => casesApi.list({ limit: 200 }), []);
  usePolling(async () => {
    await Promise.all([waiting.reload(), all.reload()]);
  }, 15_000);
  const waitingItems = waiting.data?.items ?? [];
  const waitingIds = new Set(waitingItems.map((c) => c.id));
  const others = (all.data?.items ?? []).filter((c) => !waitingIds.has(c.id));
  return (
    <div className="page">
      <PageHeader title={t('cases.buyer.title')} subtitle={t('cases.buyer.subtitle')} />
      <ErrorBanner error={waiting.error ?? all.error} />
      {(waiting.loading && !waiting.data) || (all.loading && !all.data) ? (
        <Loading />
      ) : waitingItems.length + others.length === 0 ? (
        <EmptyState title={t('cases.buyer.empty')}>{t('cases.buyer.emptyBody')}</EmptyState>
      ) : (
        <div className="stack">
          {waitingItems.length > 0 && (
            <section>
              <h2 className="section-heading">{t('cases.buyer.waiting')}</h2>
              <CasesTable cases={waitingItems} side="buyer" action={caseLink(t, 'buyer')} columns={['item', 'deadline', 'status', 'shop']} caption={t('cases.buyer.waiting')} testId="cases-waiting" />
            </section>
          )}
          {others.length > 0 && (
            <section>
              <h2 className="section-heading">{t('cases.buyer.others')}</h2>
              <CasesTable cases={others} side="buyer" action={caseLink(t, 'buyer')} columns={['item', 'status', 'waiting', 'requested', 'shop', 'opened']} caption={t('cases.buyer.others')} />
            </section>
          )}
        </div>
      )}
    </div>
  );
}

/** The seller's cases: those waiting for their answer, soonest deadline first in business days, and all others. */
export function SellerCasesPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'all' ? 'all' : 'waiting';
  const [offset, setOffset] = useState(0);
  const waiting = useResource(() => casesApi.list({ waitingFor: 'me', limit: 200 }), []);
  const all = useResource(() => (tab === 'all' ? casesApi.list({ limit: PAGE, offset }) : Promise.resolve({ items: [] })), [tab, offset]);
  usePolling(async () => {
    await Promise.all([waiting.reload(), tab === 'all' ? all.reload() : null]);
  }, 15_000);
  const items = waiting.data?.items ?? [];
  const membership = currentMembership(useUser());
  return (
    <div className="page">
      <PageHeader title={t('cases.seller.title')} subtitle={t('cases.seller.subtitle')} />
      {membership && <ReturnAddressCard sellerId={membership.sellerId} />}
      <Tabs
        tabs={['waiting', 'all'] as ('waiting' | 'all')[]}
        value={tab}
        onChange={(k) => {
          setParams(k === 'waiting' ? {} : { tab: k }, { replace: true });
          setOffset(0);
        }}
        counts={{ waiting: items.length }}
      />
      {tab === 'waiting' ? (
        <>
          <ErrorBanner error={waiting.error} />
          {waiting.loading && !waiting.data ? (
            <Loading />
          ) : items.length === 0 ? (
            <EmptyState title={t('cases.seller.empty')}>{t('cases.seller.emptyBody')}</EmptyState>
          ) : (
            <>
              <p className="muted small">{t('cases.seller.hint')}</p>
              <CasesTable cases={items} side="seller" action={caseLink(t, 'seller')} columns={['item', 'deadline', 'status', 'requested', 'opened']} caption={t('cases.tab.waiting')} testId="cases-waiting" />
            </>
          )}
        </>
      ) : (
        <>
          <ErrorBanner error={all.error} />
          {all.loading && !all.data ? (
            <Loading />
          ) : (all.data?.items ?? []).length === 0 ? (
            <EmptyState title={t('cases.seller.none')} />
          ) : (
            <>
              <CasesTable cases={all.data?.items ?? []} side="seller" action={caseLink(t, 'seller')} columns={['item', 'status', 'waiting', 'requested', 'opened']} caption={t('cases.tab.all')} />
              <SimplePager offset={offset} limit={PAGE} count={all.data?.items.length ?? 0} onChange={setOffset} />
            </>
          )}
        </>
      )}
    </div>
  );
}

/** Support's queue: escalated cases, overdue ones and failed refunds, the oldest deadline first; and every case. */
export function SupportQueuePage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'all' ? 'all' : 'queue';
  const [status, setStatus] = useState('');
  const [offset, setOffset] = useState(0);
  const queue = useResource(() => casesApi.queue({ limit: 200 }), []);
  const all = useResource(() => (tab === 'all' ? casesApi.list({ status: status || undefined, limit: PAGE, offset }) : Promise.resolve({ items: [] })), [tab, status, offset]);
  usePolling(async () => {
    await Promise.all([queue.reload(), tab === 'all' ? all.reload() : null]);
  }, 15_000);
  const items = queue.data?.items ?? [];
  return (
    <div className="page">
      <PageHeader title={t('cases.support.title')} subtitle={t('cases.support.subtitle')} />
      <Tabs
        tabs={['queue', 'all'] as ('queue' | 'all')[]}
        value={tab}
        onChange={(k) => {
          setParams(k === 'queue' ? {} : { tab: k }, { replace: true });
          setOffset(0);
        }}
        counts={{ queue: items.length }}
      />
      {tab === 'queue' ? (
        <>
          <ErrorBanner error={queue.error} />
          {queue.loading && !queue.data ? (
            <Loading />
          ) : items.length === 0 ? (
            <EmptyState title={t('cases.support.empty')}>{t('cases.support.emptyBody')}</EmptyState>
          ) : (
            <CasesTable cases={items} side="staff" action={caseLink(t, 'staff')} columns={['reason', 'due', 'item', 'status', 'requested', 'shop']} caption={t('cases.support.title')} testId="support-queue" />
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
                data-testid="cases-status-filter"
              >
                <option value="">{t('orders.allStatuses')}</option>
                {CASE_STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {t(`status.case.${s}`)}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <ErrorBanner error={all.error} />
          {all.loading && !all.data ? (
            <Loading />
          ) : (all.data?.items ?? []).length === 0 ? (
            <EmptyState title={t('cases.support.none')} />
          ) : (
            <>
              <CasesTable cases={all.data?.items ?? []} side="staff" action={caseLink(t, 'staff')} columns={['item', 'status', 'waiting', 'deadline', 'requested', 'shop', 'opened']} caption={t('cases.tab.all')} />
              <SimplePager offset={offset} limit={PAGE} count={all.data?.items.length ?? 0} onChange={setOffset} />
            </>
          )}
        </>
      )}
    </div>
  );
}

/** Cases waiting for the warehouse: returns to ship back to the seller and replacements to inspect. */
export function WarehouseCasesPage() {
  const { t } = useTranslation();
  const waiting = useResource(() => casesApi.list({ waitingFor: 'me', limit: 200 }), []);
  usePolling(waiting.reload, 20_000);
  const items = waiting.data?.items ?? [];
  return (
    <div className="page">
      <PageHeader title={t('cases.warehouse.title')} subtitle={t('cases.warehouse.subtitle')} />
      <ErrorBanner error={waiting.error} />
      {waiting.loading && !waiting.data ? (
        <Loading />
      ) : items.length === 0 ? (
        <EmptyState title={t('cases.warehouse.empty')} />
      ) : (
        <CasesTable cases={items} side="staff" columns={['item', 'status', 'requested', 'shop', 'opened']} caption={t('cases.warehouse.title')} />
      )}
    </div>
  );
}
