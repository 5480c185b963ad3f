import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { disputesApi, type DisputeView } from '../../api/disputes';
import type { CaseSummary, CaseView } from '../../api/types';
import { BilingualText, useBilingual } from '../../components/cases/Bilingual';
import { CaseHistory, CaseRefunds, CaseResponsiveness, CaseThread } from '../../components/cases/CaseParts';
import { BuyerRecordCard, DisputeStatusBadge, EvidenceColumns, FlagsList, TierBadge, WeightComparison } from '../../components/disputes/parts';
import { ErrorBanner } from '../../components/ErrorMessage';
import { Card, DefinitionList, Loading, PageHeader } from '../../components/ui';
import { caseTimeLeft, waitingText } from '../../lib/cases';
import { formatDateTime } from '../../lib/format';
import { formatMoney } from '../../lib/money';
import { usePolling } from '../../lib/usePolling';
import { useResource } from '../../lib/useResource';
import { DisputeActions } from './DisputeActions';

const LIVE_MS = 4000;

/**
 * One dispute, for the buyer, the seller and support, followed live: who it waits for and what silence does, the
 * claim as the reader should read it (the seller in Chinese and English, rendered from its fields), both sides'
 * evidence side by side, the weight comparison, the tier and the flags, the step the reader can take, mediation
 * and the one appeal, the outcome and its refunds.
 */
export function DisputePage() {
  const { t } = useTranslation();
  const text = useBilingual();
  const { disputeId = '' } = useParams();
  const view = useResource(() => disputesApi.get(disputeId), [disputeId]);
  const guide = useResource(() => disputesApi.guide(), []);
  const [updatedAt, setUpdatedAt] = useState(new Date());
  const refresh = useCallback(async () => {
    await view.reload();
    setUpdatedAt(new Date());
  }, [view.reload]);
  const d = view.data;
  usePolling(refresh, LIVE_MS, !d?.closedAt);

  if (view.loading && !d) return <Loading />;
  if (!d) {
    return (
      <div className="page">
        <PageHeader title={t('disputes.page.title')} />
        <ErrorBanner error={view.error} />
      </div>
    );
  }

  const x = d.dispute;
  const side = d.viewer.side;
  // the case parts are shared with QC cases; a dispute's view is the same shape with its issue as the type
  const asCase = d as unknown as CaseView;
  const back =
    side === 'buyer' ? { to: '/cases', label: t('nav.myCases') } : side === 'seller' ? { to: '/seller/cases', label: t('nav.sellerCases') } : { to: '/support/mediation', label: t('nav.mediation') };
  const left = caseTimeLeft(t, d.deadline);
  const mine = (d.waitingFor === 'buyer' && side === 'buyer') || (d.waitingFor === 'seller' && side === 'seller');
  const claimText = side === 'buyer' ? x.claim.concise : x.claim.forSeller;
  const done = (v?: DisputeView) => {
    if (v) view.setData(v);
    void refresh();
  };

  return (
    <div className="page dispute-page" data-testid="dispute-page" data-dispute-id={d.id}>
      <PageHeader
        back={<Link to={back.to}>← {back.label}</Link>}
        title={
          <span className="title-with-badge">
            {t('disputes.page.heading', { issue: t(`disputes.issue.${x.issueType}`), ref: d.order.externalId })}
            <DisputeStatusBadge status={d.status} testId="dispute-status" />
          </span>
        }
        subtitle={t('disputes.page.subtitle', { reference: d.reference, shop: d.seller.shopName, date: formatDateTime(d.openedAt) })}
        actions={
          <span className="live" title={t('orders.liveHint')}>
            <span className="live-dot" aria-hidden="true" />
            {d.closedAt ? t('orders.updatedAt', { time: updatedAt.toLocaleTimeString() }) : t('orders.live', { time: updatedAt.toLocaleTimeString() })}
          </span>
        }
      />
      <ErrorBanner error={view.error} />

      {d.deadline && (
        <div className={`deadline-banner ${mine ? 'deadline-banner-mine' : ''} ${d.deadline.overdue ? 'deadline-banner-late' : ''}`} data-testid="dispute-deadline">
          <div>
            <strong>{waitingText(t, d as unknown as CaseSummary, side)}</strong>
            <span className={`deadline deadline-${left.tone}`} data-testid="dispute-time-left">
              {left.text}
            </span>
            <span className="muted small">{t('cases.deadline.until', { date: formatDateTime(d.deadline.at) })}</span>
          </div>
          <p className="deadline-silence">
            <span className="muted">{t('cases.deadline.ifSilent')}</span> <BilingualText text={d.deadline.whatHappens} showOther={false} testId="dispute-silence" />
          </p>
        </div>
      )}
      {!d.deadline && !x.outcome && (
        <div className="callout callout-info" data-testid="dispute-next">
          <p className="callout-title">{waitingText(t, d as unknown as CaseSummary, side)}</p>
          <p className="callout-body">{t(`disputes.next.${d.status}`, { defaultValue: '' })}</p>
        </div>
      )}
      {x.outcome && (
        <div className={`callout ${x.outcome === 'buyer_lost' ? 'callout-warning' : 'callout-success'}`} data-testid="dispute-outcome" data-outcome={x.outcome}>
          <p className="callout-title">{t(`disputes.outcome.${x.outcome}`)}</p>
          {d.agreedRemedy && (
            <p className="callout-body">
              <BilingualText text={d.agreedRemedy.text} testId="agreed-remedy" />
            </p>
          )}
          {x.replacementOrder && (
            <p className="callout-body">
              {t('disputes.page.replacement')} <Link to={`/orders/${x.replacementOrder.id}`}>{x.replacementOrder.externalId}</Link>
            </p>
          )}
        </div>
      )}

      {(x.mediation || x.appeal) && (
        <Card title={t('disputes.mediation.title')} testId="mediation-result">
          {x.mediation && (
            <div className="proposal-card proposal-decision" data-testid="mediation-decision">
              <span className="proposal-label">{t('disputes.mediation.decided', { date: formatDateTime(x.mediation.decidedAt) })}</span>
              {x.mediation.remedy && <BilingualText text={x.mediation.remedy.text} testId="mediation-remedy" />}
              {x.mediation.reason && <blockquote className="timeline-reason" data-testid="mediation-reason">{x.mediation.reason}</blockquote>}
              {x.mediation.tier !== null && x.mediation.tier !== x.matrix.tier && <p className="muted small">{t('disputes.mediation.tierChanged', { tier: x.mediation.tier, from: x.matrix.tier })}</p>}
              {x.mediation.appealUntil && <p className="muted small">{t('disputes.party.appealHint', { date: formatDateTime(x.mediation.appealUntil) })}</p>}
            </div>
          )}
          {x.appeal && (
            <div className="proposal-card" data-testid="appeal-result">
              <span className="proposal-label">{t('disputes.mediation.appealed', { side: t(`disputes.side.${x.appeal.side}`), date: formatDateTime(x.appeal.at) })}</span>
              {x.appeal.reason && <blockquote className="timeline-reason">{x.appeal.reason}</blockquote>}
              {x.appeal.outcome && (
                <>
                  <strong>{t(`disputes.mediation.appealOutcome.${x.appeal.outcome}`)}</strong>
                  {x.appeal.remedy && <BilingualText text={x.appeal.remedy.text} />}
                  {x.appeal.decisionReason && <blockquote className="timeline-reason">{x.appeal.decisionReason}</blockquote>}
                </>
              )}
            </div>
          )}
        </Card>
      )}

      <div className="grid-sidebar">
        <div className="stack">
          <DisputeActions d={d} guide={guide.data} onDone={done} />
          <Card title={side === 'buyer' ? t('disputes.claim.yours') : t('disputes.claim.title')} testId="dispute-claim">
            <div className="claim-text">
              <BilingualText text={claimText} testId="claim-text" />
            </div>
            {x.claim.note && (
              <div className="claim-note">
                <span className="muted small">{t('disputes.claim.note')}</span>
                <blockquote className="timeline-reason" lang="und" data-testid="claim-note">
                  {x.claim.note}
                </blockquote>
              </div>
            )}
            {side !== 'seller' && x.claim.clarity.length > 0 && (
              <p className="muted small" data-testid="claim-clarity">
                {t('disputes.claim.clarity', { list: x.claim.clarity.map((f) => t(`disputes.clarity.code.${f.code}`)).join(', ') })}
              </p>
            )}
            <table className="table dispute-items-table">
              <thead>
                <tr>
                  <th scope="col">{t('disputes.claim.item')}</th>
                  <th scope="col" className="num">
                    {t('disputes.claim.quantity')}
                  </th>
                  <th scope="col" className="num">
                    {t('disputes.claim.value')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {x.items.map((i) => (
                  <tr key={i.itemId}>
                    <td>
                      {i.name}
                      {i.sku && <span className="muted small"> · {i.sku}</span>}
                    </td>
                    <td className="num">{t('disputes.claim.ofOrdered', { n: i.quantity, ordered: i.ordered })}</td>
                    <td className="num">{formatMoney(i.value, d.currency)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Card>
          <EvidenceColumns buyer={x.evidence.buyer} seller={x.evidence.seller} />
          <CaseThread c={asCase} onPosted={() => void refresh()} />
          <CaseHistory c={asCase} />
        </div>
        <div className="stack">
          <Card title={t('disputes.summary.title')}>
            <DefinitionList
              items={[
                [t('disputes.field.issue'), <span data-testid="dispute-issue">{text(x.issue)}</span>],
                [t('disputes.field.order'), <Link to={`/orders/${d.order.id}`}>{d.order.externalId}</Link>],
                [t('disputes.field.shop'), d.seller.shopName],
                [t('disputes.field.claim'), formatMoney(d.claimAmount, d.currency)],
                [t('disputes.field.remedy'), x.requestedRemedy ? <BilingualText text={x.requestedRemedy.text} showOther={false} testId="requested-remedy" /> : '—'],
                [t('disputes.field.window'), t(`disputes.window.${x.window.openedVia}`, { date: formatDateTime(x.window.endsAt) })],
                ...(x.parcel
                  ? ([[t('disputes.field.parcel'), `${x.parcel.carrier.toUpperCase()} ${x.parcel.trackingNumber}${x.parcel.insured ? ` · ${t('disputes.summary.insured')}` : ''}`]] as [string, string][])
                  : []),
              ]}
            />
          </Card>
          <Card title={t('disputes.matrix.title')} testId="dispute-matrix">
            <p>
              <TierBadge tier={x.matrix.tier} testId="dispute-tier" /> <BilingualText text={x.matrix.tierText} showOther={side === 'seller'} />
            </p>
            <p className="muted small">
              {t('disputes.matrix.fits', { remedies: x.matrix.remedies.map((r) => t(`disputes.remedy.type.${r}`)).join(', ') })}
              {x.matrix.maxPartialRefund > 0 && ` ${t('disputes.matrix.maxPartial', { amount: formatMoney(x.matrix.maxPartialRefund, d.currency) })}`}
            </p>
            <h3 className="subhead">{t('disputes.flags.title')}</h3>
            <FlagsList flags={x.flags} />
          </Card>
          <WeightComparison weight={x.weight} />
          {x.buyerRecord && <BuyerRecordCard record={x.buyerRecord} />}
          <CaseRefunds c={asCase} />
          {side !== 'buyer' && <CaseResponsiveness c={asCase} />}
        </div>
      </div>
    </div>
  );
}
