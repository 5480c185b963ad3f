import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useParams } from 'react-router-dom';
import { isDisputeType } from '../../api/disputes';
import { casesApi } from '../../api/cases';
import { BilingualText } from '../../components/cases/Bilingual';
import { CaseActions } from '../../components/cases/CaseActions';
import { CaseHistory, CaseRefunds, CaseResponsiveness, CaseShipping, CaseThread, QcReportCard } from '../../components/cases/CaseParts';
import { ErrorBanner } from '../../components/ErrorMessage';
import { StatusBadge } from '../../components/StatusBadge';
import { Card, DefinitionList, Loading, PageHeader } from '../../components/ui';
import { caseTimeLeft, waitingText } from '../../lib/cases';
import { formatDateTime } from '../../lib/format';
import { formatMoney } from '../../lib/money';
import { usePolling } from '../../lib/usePolling';
import { useResource } from '../../lib/useResource';

const LIVE_MS = 4000;

/**
 * A QC case, for the buyer, the seller, support and the warehouse: who it waits for and what silence does, the
 * report with its photos and videos, the step the reader can take, the thread, the refunds and the return — and
 * it follows the case live.
 */
export function CasePage() {
  const { t } = useTranslation();
  const { caseId = '' } = useParams();
  const view = useResource(() => casesApi.get(caseId), [caseId]);
  const [updatedAt, setUpdatedAt] = useState(new Date());
  const refresh = useCallback(async () => {
    await view.reload();
    setUpdatedAt(new Date());
  }, [view.reload]);
  const c = view.data;
  usePolling(refresh, LIVE_MS, !c?.closedAt);

  if (view.loading && !c) return <Loading />;
  if (!c) {
    return (
      <div className="page">
        <PageHeader title={t('cases.title')} />
        <ErrorBanner error={view.error} />
      </div>
    );
  }

  // A post-delivery dispute is a case too; its own page shows the claim, both sides' evidence and mediation.
  if (isDisputeType(c.type)) return <Navigate to={`/disputes/${encodeURIComponent(c.id)}`} replace />;

  const side = c.viewer.side;
  const back = side === 'buyer' ? { to: '/cases', label: t('nav.myCases') } : side === 'seller' ? { to: '/seller/cases', label: t('nav.sellerCases') } : { to: '/support/queue', label: t('nav.caseQueue') };
  const left = caseTimeLeft(t, c.deadline);
  const mine = (c.waitingFor === 'buyer' && side === 'buyer') || (c.waitingFor === 'seller' && side === 'seller');

  return (
    <div className="page" data-testid="case-page" data-case-id={c.id}>
      <PageHeader
        back={<Link to={back.to}>← {back.label}</Link>}
        title={
          <span className="title-with-badge">
            {t('cases.caseTitle', { item: c.item?.name ?? c.itemName ?? '' })}
            <StatusBadge kind="case" status={c.status} testId="case-status" />
          </span>
        }
        subtitle={t('cases.caseSubtitle', { reference: c.reference, order: c.order.externalId, shop: c.seller.shopName })}
        actions={
          <span className="live" title={t('orders.liveHint')}>
            <span className="live-dot" aria-hidden="true" />
            {c.closedAt ? t('orders.updatedAt', { time: updatedAt.toLocaleTimeString() }) : t('orders.live', { time: updatedAt.toLocaleTimeString() })}
          </span>
        }
      />
      <ErrorBanner error={view.error} />

      {c.deadline && (
        <div className={`deadline-banner ${mine ? 'deadline-banner-mine' : ''} ${c.deadline.overdue ? 'deadline-banner-late' : ''}`} data-testid="case-deadline">
          <div>
            <strong>{waitingText(t, c, side)}</strong>
            <span className={`deadline deadline-${left.tone}`} data-testid="case-time-left">
              {left.text}
            </span>
            <span className="muted small">{t('cases.deadline.until', { date: formatDateTime(c.deadline.at) })}</span>
          </div>
          <p className="deadline-silence">
            <span className="muted">{t('cases.deadline.ifSilent')}</span> <BilingualText text={c.deadline.whatHappens} showOther={false} testId="case-silence" />
          </p>
        </div>
      )}
      {!c.deadline && !c.resolvedAt && (
        <div className="callout callout-info" data-testid="case-next">
          <p className="callout-title">{waitingText(t, c, side)}</p>
          <p className="callout-body">{t(`cases.next.${c.status}`, { defaultValue: '' })}</p>
        </div>
      )}
      {!c.deadline && c.resolvedAt && (
        <div className="callout callout-success" data-testid="case-resolved">
          <p className="callout-title">{c.closedAt ? t('cases.closedTitle') : t('cases.resolvedTitle')}</p>
          {c.agreedRemedy && (
            <p className="callout-body">
              <BilingualText text={c.agreedRemedy.text} />
            </p>
          )}
        </div>
      )}

      <div className="grid-sidebar">
        <div className="stack">
          <CaseActions c={c} onDone={() => void refresh()} />
          <Card title={t('cases.qc.title')} testId="qc-reports">
            {c.qcReports.length === 0 ? <p className="muted">{t('cases.qc.none')}</p> : c.qcReports.map((r) => <QcReportCard key={r.id} report={r} currency={c.currency} />)}
          </Card>
          <CaseThread c={c} onPosted={() => void refresh()} />
          <CaseHistory c={c} />
        </div>
        <div className="stack">
          <Card title={t('cases.summary')}>
            <DefinitionList
              items={[
                [t('cases.reference'), <code className="id">{c.reference}</code>],
                [t('cases.item'), c.item ? `${c.item.name}${c.item.sku ? ` · ${c.item.sku}` : ''}` : '—'],
                [t('cases.claim'), formatMoney(c.claimAmount, c.currency)],
                [t('cases.order'), <Link to={`/orders/${c.order.id}`}>{c.order.externalId}</Link>],
                [t('cases.shop'), c.seller.shopName],
                [t('cases.opened'), formatDateTime(c.openedAt)],
                [t('cases.round'), String(c.round)],
                [t('cases.location'), t(`cases.itemLocation.${c.itemLocation}`)],
                [t('cases.requested'), c.requestedRemedy ? <BilingualText text={c.requestedRemedy.text} showOther={false} testId="requested-remedy" /> : '—'],
                [t('cases.agreed'), c.agreedRemedy ? <BilingualText text={c.agreedRemedy.text} showOther={false} testId="agreed-remedy" /> : '—'],
              ]}
            />
            {c.decision && (
              <div className="proposal-card proposal-decision" data-testid="case-decision">
                <span className="proposal-label">{t('cases.decision', { date: formatDateTime(c.decision.at) })}</span>
                {c.decision.remedy && <BilingualText text={c.decision.remedy.text} />}
                {c.decision.reason && <blockquote className="timeline-reason">{c.decision.reason}</blockquote>}
              </div>
            )}
          </Card>
          <CaseRefunds c={c} />
          <CaseShipping c={c} />
          {side !== 'buyer' && <CaseResponsiveness c={c} />}
        </div>
      </div>
    </div>
  );
}
