import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { evaluationApi } from '../../api/evaluation';
import { BarChart, LineChart } from '../../components/Charts';
import { ErrorBanner } from '../../components/ErrorMessage';
import { Card, EmptyState, Loading, PageHeader } from '../../components/ui';
import { formatDate } from '../../lib/format';
import { usePolling } from '../../lib/usePolling';
import { useResource } from '../../lib/useResource';
import { formatMetric, TierBadge } from './ScorecardPage';

const RATE_KEYS = new Set(['late_shipment_rate', 'valid_tracking_rate', 'seller_cancellation_rate', 'late_delivery_rate', 'negative_review_rate', 'order_defect_rate']);
const bucketTone = (from: number) => (from < 400 ? 'danger' : from < 600 ? 'warning' : from < 800 ? 'info' : 'success');

/** Staff dashboard: how scores are spread, who became at risk, and how each metric's platform average moves. */
export function EvaluationDashboardPage() {
  const { t } = useTranslation();
  const [newly, setNewly] = useState(false);
  const dist = useResource(() => evaluationApi.distribution(90), []);
  const atRisk = useResource(() => evaluationApi.atRisk({ newly: newly ? 'true' : 'false', limit: 50 }), [newly]);
  usePolling(async () => {
    await Promise.all([dist.reload(), atRisk.reload()]);
  }, 60_000);

  if (dist.loading && !dist.data) return <Loading />;
  const d = dist.data;
  return (
    <div className="page" data-testid="evaluation-dashboard">
      <PageHeader
        title={t('evaluation.title')}
        subtitle={d ? t('evaluation.subtitle', { sellers: d.sellers, average: d.averageScore === null ? '—' : Math.round(d.averageScore), asOf: formatDate(d.asOf) }) : undefined}
      />
      <ErrorBanner error={dist.error} />
      <div className="stack">
      {d && (
        <div className="grid-2">
          <Card title={t('evaluation.distributionTitle')} testId="evaluation-distribution">
            <BarChart
              label={t('evaluation.distributionTitle')}
              testId="distribution-chart"
              bars={d.buckets.map((b) => ({ label: `${b.from}`, value: b.count, tone: bucketTone(b.from) }))}
            />
          </Card>
          <Card title={t('evaluation.tiersTitle')} testId="evaluation-tiers">
            <BarChart
              label={t('evaluation.tiersTitle')}
              testId="tiers-chart"
              bars={(['at_risk', 'fair', 'good', 'trusted'] as const).map((tier) => ({
                label: t(`scorecard.tier.${tier}`),
                value: d.tiers[tier] ?? 0,
                tone: ({ at_risk: 'danger', fair: 'warning', good: 'info', trusted: 'success' } as const)[tier],
              }))}
            />
          </Card>
        </div>
      )}

      <Card
        title={t('evaluation.atRiskTitle')}
        testId="evaluation-at-risk"
        actions={
          <label className="checkbox">
            <input type="checkbox" checked={newly} onChange={(e) => setNewly(e.target.checked)} data-testid="at-risk-newly" /> {t('evaluation.newlyOnly')}
          </label>
        }
      >
        <ErrorBanner error={atRisk.error} />
        {atRisk.data && atRisk.data.sellers.length === 0 ? (
          <EmptyState title={t('evaluation.noneAtRisk')} />
        ) : (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th>{t('evaluation.col.shop')}</th>
                  <th className="num">{t('evaluation.col.score')}</th>
                  <th>{t('evaluation.col.previous')}</th>
                  <th>{t('evaluation.col.since')}</th>
                  <th>{t('evaluation.col.reasons')}</th>
                  <th>{t('evaluation.col.improve')}</th>
                </tr>
              </thead>
              <tbody>
                {(atRisk.data?.sellers ?? []).map((s) => (
                  <tr key={s.sellerId} data-testid={`at-risk-${s.sellerId}`}>
                    <td>
                      <Link to={`/compliance/sellers/${encodeURIComponent(s.sellerId)}/scorecard`}>{s.shopName}</Link>
                      {s.newlyAtRisk && <span className="tag">{t('evaluation.newly')}</span>}
                    </td>
                    <td className="num">{s.score}</td>
                    <td>{s.previousTier ? <TierBadge tier={s.previousTier} /> : '—'}</td>
                    <td className="nowrap">{formatDate(s.tierSince)}</td>
                    <td className="small">{s.reasons.join('; ')}</td>
                    <td className="small">
                      {s.improve.slice(0, 3).map((i) => (
                        <div key={i.key}>
                          {t(`evaluation.metric.${i.key}`)} {formatMetric(RATE_KEYS.has(i.key) ? 'rate' : 'rating', i.smoothed)} → {formatMetric(RATE_KEYS.has(i.key) ? 'rate' : 'rating', i.target)}{' '}
                          <span className="text-success">{t('evaluation.gain', { gain: Math.round(i.potentialGain) })}</span>
                        </div>
                      ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>

      {d && (
        <Card title={t('evaluation.trendTitle')} testId="evaluation-score-trend">
          <LineChart
            points={d.scoreTrend.map((p) => ({ x: p.asOf, y: p.averageScore }))}
            min={0}
            max={1000}
            label={t('evaluation.trendTitle')}
            empty={t('evaluation.trendEmpty')}
          />
        </Card>
      )}
      {d && d.metricTrends.some((m) => m.points.length > 0) && (
        <Card title={t('evaluation.metricTrendsTitle')} testId="evaluation-metric-trends">
          <div className="grid-2">
            {d.metricTrends.filter((m) => m.points.length > 0).map((m) => {
              const rate = RATE_KEYS.has(m.key);
              const values = m.points.map((p) => p.platformAverage);
              const max = rate ? Math.min(1, Math.max(0.05, ...values) * 1.2) : 5;
              return (
                <div key={m.key} data-testid={`metric-trend-${m.key}`}>
                  <div className="dimension-name">{t(`evaluation.metric.${m.key}`)}</div>
                  <LineChart
                    points={m.points.map((p) => ({ x: p.asOf, y: p.platformAverage }))}
                    min={0}
                    max={max}
                    height={160}
                    label={t(`evaluation.metric.${m.key}`)}
                    format={(v) => formatMetric(rate ? 'rate' : 'rating', v)}
                    empty={t('evaluation.trendEmpty')}
                  />
                </div>
              );
            })}
          </div>
        </Card>
      )}
      </div>
    </div>
  );
}
