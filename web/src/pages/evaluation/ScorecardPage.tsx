import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { evaluationApi, type ScorecardMetric, type Tier } from '../../api/evaluation';
import { LineChart } from '../../components/Charts';
import { ErrorBanner } from '../../components/ErrorMessage';
import { Card, EmptyState, Loading, PageHeader } from '../../components/ui';
import { formatDate, formatDateTime } from '../../lib/format';
import { currentMembership } from '../../lib/sellers';
import { useUser } from '../../lib/session';
import { usePolling } from '../../lib/usePolling';
import { useResource } from '../../lib/useResource';

const TIER_TONE: Record<Tier, string> = { trusted: 'success', good: 'info', fair: 'warning', at_risk: 'danger' };

export function TierBadge({ tier, testId }: { tier: Tier; testId?: string }) {
  const { t } = useTranslation();
  return (
    <span className={`badge badge-${TIER_TONE[tier] ?? 'neutral'}`} data-testid={testId} data-status={tier}>
      <span className="badge-dot" aria-hidden="true" />
      {t(`scorecard.tier.${tier}`)}
    </span>
  );
}

/** A metric's value as the reader expects it: rates in per cent, ratings in stars, counts as they are. */
export function formatMetric(kind: string, value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  if (kind === 'rate') return `${(value * 100).toFixed(value < 0.1 ? 2 : 1)}%`;
  if (kind === 'rating') return value.toFixed(2);
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}

const points = (v: number) => (Math.round(v * 10) / 10).toFixed(1);

/** The seller's own scorecard. */
export function OwnScorecardPage() {
  const { t } = useTranslation();
  const user = useUser();
  const membership = currentMembership(user);
  if (!membership) {
    return (
      <div className="page">
        <PageHeader title={t('scorecard.title')} />
        <EmptyState title={t('profile.noSeller')}>
          <Link to="/seller/application" className="btn btn-primary">
            {t('profile.startApplication')}
          </Link>
        </EmptyState>
      </div>
    );
  }
  return <ScorecardView sellerId={membership.sellerId} />;
}

/** Staff view of a seller's scorecard, opened from the seller's profile. */
export function StaffScorecardPage() {
  const { t } = useTranslation();
  const { sellerId = '' } = useParams();
  return <ScorecardView sellerId={sellerId} back={<Link to={`/compliance/sellers/${encodeURIComponent(sellerId)}`}>← {t('scorecard.backToProfile')}</Link>} />;
}

export function ScorecardView({ sellerId, back }: { sellerId: string; back?: ReactNode }) {
  const { t } = useTranslation();
  const card = useResource(() => evaluationApi.scorecard(sellerId), [sellerId]);
  const history = useResource(() => evaluationApi.history(sellerId, 180), [sellerId]);
  usePolling(async () => {
    await Promise.all([card.reload(), history.reload()]);
  }, 60_000);

  if (card.loading && !card.data) return <Loading />;
  if (!card.data) {
    return (
      <div className="page">
        <PageHeader title={t('scorecard.title')} back={back} />
        <ErrorBanner error={card.error} />
      </div>
    );
  }
  const c = card.data;
  const trend = (history.data?.points ?? []).map((p) => ({ x: p.asOf, y: p.score }));
  if (history.data?.current && (trend.length === 0 || trend[trend.length - 1]!.x !== history.data.current.asOf)) {
    trend.push({ x: history.data.current.asOf, y: history.data.current.score });
  }
  const byDimension = c.dimensions.map((d) => ({ ...d, metrics: c.metrics.filter((m) => m.dimension === d.key) }));

  return (
    <div className="page" data-testid="scorecard-page">
      <PageHeader
        back={back}
        title={t('scorecard.titleFor', { shop: c.shopName })}
        subtitle={t('scorecard.subtitle', { asOf: formatDate(c.asOf), computedAt: formatDateTime(c.computedAt), version: c.policyVersion })}
      />
      <ErrorBanner error={card.error} />
      {c.stale && (
        <div className="callout callout-info" role="status" data-testid="scorecard-stale">
          <div className="callout-body">{t('scorecard.stale')}</div>
        </div>
      )}

      <div className="stack">
      <div className="grid-sidebar">
        <Card title={t('scorecard.scoreTitle')} testId="scorecard-summary">
          <div className="score-hero">
            <div className="score-number" data-testid="scorecard-score" data-score={c.score}>
              {c.score}
              <small> / 1000</small>
            </div>
            <div className="score-meta">
              <TierBadge tier={c.tier} testId="scorecard-tier" />
              <span>{t('scorecard.tierSince', { date: formatDate(c.tierSince) })}</span>
              {c.previousTier && c.previousTier !== c.tier && <span>{t('scorecard.previousTier', { tier: t(`scorecard.tier.${c.previousTier}`) })}</span>}
              {c.scoreTier !== c.tier && <span data-testid="scorecard-score-tier">{t('scorecard.scoreTierDiffers', { tier: t(`scorecard.tier.${c.scoreTier}`) })}</span>}
              {c.penalty.points > 0 && (
                <span data-testid="scorecard-penalty">{t('scorecard.penalty', { points: c.penalty.points, deduction: Math.round(c.penalty.deduction) })}</span>
              )}
            </div>
          </div>
          {c.tierReasons.length > 0 && (
            <ul className="improve-list" data-testid="scorecard-tier-reasons" style={{ marginTop: 12 }}>
              {c.tierReasons.map((r) => (
                <li key={r}>{r}</li>
              ))}
            </ul>
          )}
        </Card>
        <Card title={t('scorecard.improveTitle')} testId="scorecard-improve">
          {c.improve.length === 0 ? (
            <p className="muted">{t('scorecard.improveNone')}</p>
          ) : (
            <ol className="improve-list">
              {[...c.improve]
                .sort((a, b) => b.potentialGain - a.potentialGain)
                .map((i) => {
                  const kind = c.metrics.find((m) => m.key === i.key)?.kind ?? 'rate';
                  return (
                    <li key={i.key} data-testid={`improve-${i.key}`}>
                      <strong>{i.label}</strong>{' '}
                      {t('scorecard.improveItem', { now: formatMetric(kind, i.smoothed), target: formatMetric(kind, i.target), gain: points(i.potentialGain) })}
                    </li>
                  );
                })}
            </ol>
          )}
        </Card>
      </div>

      <Card title={t('scorecard.trendTitle')} testId="scorecard-trend">
        <LineChart
          points={trend}
          min={0}
          max={1000}
          label={t('scorecard.trendTitle')}
          testId="scorecard-trend-chart"
          empty={t('scorecard.trendEmpty')}
          bands={[
            { from: 0, to: 400, tone: 'danger' },
            { from: 400, to: 600, tone: 'warning' },
          ]}
        />
      </Card>

      <Card title={t('scorecard.dimensionsTitle')} testId="scorecard-dimensions">
        <div className="dimension-list">
          {c.dimensions.map((d) => (
            <div className="dimension" key={d.key} data-testid={`dimension-${d.key}`}>
              <div className="dimension-name">{d.label}</div>
              <div className="dimension-score">{d.score === null ? '—' : Math.round(d.score)}</div>
              <div className="meter">
                <div className="meter-fill" style={{ width: `${Math.max(0, Math.min(100, d.score ?? 0))}%` }} />
              </div>
              <div className="dimension-sub">
                {t('scorecard.dimensionSub', { weight: Math.round(d.weight * 100), points: points(d.contribution) })}
              </div>
            </div>
          ))}
        </div>
      </Card>

      {byDimension.map((d) => (
        <Card key={d.key} title={d.label} testId={`metrics-${d.key}`}>
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th>{t('scorecard.col.metric')}</th>
                  <th className="num">{t('scorecard.col.counts')}</th>
                  <th>{t('scorecard.col.window')}</th>
                  <th className="num">{t('scorecard.col.raw')}</th>
                  <th className="num">{t('scorecard.col.smoothed')}</th>
                  <th className="num">{t('scorecard.col.interval')}</th>
                  <th className="num">{t('scorecard.col.target')}</th>
                  <th className="num">{t('scorecard.col.score')}</th>
                  <th className="num">{t('scorecard.col.contribution')}</th>
                </tr>
              </thead>
              <tbody>
                {d.metrics.map((m) => (
                  <MetricRow key={m.key} m={m} />
                ))}
              </tbody>
            </table>
          </div>
        </Card>
      ))}
      </div>
    </div>
  );
}

function MetricRow({ m }: { m: ScorecardMetric }) {
  const { t } = useTranslation();
  const better = m.direction === 'lower_better' ? t('scorecard.lowerBetter') : t('scorecard.higherBetter');
  return (
    <tr data-testid={`metric-${m.key}`} className={m.active ? '' : 'metric-inactive'} data-meets={m.meetsTarget === null ? 'unknown' : String(m.meetsTarget)}>
      <td title={`${m.definition.numerator} / ${m.definition.denominator} · ${m.definition.windowBasis}`}>
        <strong>{m.label}</strong>
        <div className="muted small">
          {better}
          {!m.active && ` · ${t('scorecard.inactive')}`}
        </div>
      </td>
      <td className="num" data-testid={`metric-counts-${m.key}`}>
        {m.numerator === null && m.denominator === null ? '—' : `${m.numerator ?? '—'} / ${m.denominator ?? '—'}`}
      </td>
      <td className="small nowrap" title={`${formatDate(m.window.from)} – ${formatDate(m.window.to)}`}>
        {t('scorecard.windowDays', { days: m.window.days })}
      </td>
      <td className="num">{formatMetric(m.kind, m.value)}</td>
      <td className="num" data-testid={`metric-smoothed-${m.key}`}>
        {formatMetric(m.kind, m.smoothed)}
        {m.prior && <div className="muted small">{t('scorecard.prior', { avg: formatMetric(m.kind, m.prior.platformAverage) })}</div>}
      </td>
      <td className="num">
        {m.interval ? `${formatMetric(m.kind, m.interval.low)} – ${formatMetric(m.kind, m.interval.high)}` : '—'}
        {m.interval && <div className="muted small">{t('scorecard.level', { level: Math.round(m.interval.level * 100) })}</div>}
      </td>
      <td className="num">
        {formatMetric(m.kind, m.target)}
        {m.meetsTarget !== null && (
          <div className={`small ${m.meetsTarget ? 'text-success' : 'text-danger'}`}>{m.meetsTarget ? t('scorecard.meets') : t('scorecard.misses')}</div>
        )}
      </td>
      <td className="num">{m.score === null ? '—' : Math.round(m.score)}</td>
      <td className="num">
        {points(m.contribution)}
        <div className="muted small">{t('scorecard.weight', { weight: Math.round(m.weight * 1000) / 10 })}</div>
      </td>
    </tr>
  );
}
