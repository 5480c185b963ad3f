import { useTranslation } from 'react-i18next';
import type { RankExplanation } from '../../api/visibility';

const fmt = (x: number, digits = 3) => (Number.isInteger(x) ? String(x) : x.toFixed(digits));

/**
 * Why a result ranks where it does, for staff: the text match (relevance), the trust multiplier from the score,
 * the demotion, and the final rank as a bar against the page's best, so the order of the list can be checked by eye.
 */
export function RankBreakdown({ explain, best, testId }: { explain: RankExplanation; best: number; testId?: string }) {
  const { t } = useTranslation();
  const share = best > 0 ? Math.min(1, explain.finalRank / best) : 0;
  return (
    <div className="vis-rank" data-testid={testId} data-final={explain.finalRank} data-demoted={explain.demoted ? 'true' : 'false'}>
      <div className="vis-bar-track vis-rank-bar" role="img" aria-label={t('visibility.rank.barLabel', { pct: Math.round(share * 100) })}>
        <span className={`vis-bar-fill ${explain.demoted ? 'vis-bar-danger' : ''}`} style={{ width: `${share * 100}%` }} />
      </div>
      <dl className="vis-rank-terms">
        <div>
          <dt>{t('visibility.rank.relevance')}</dt>
          <dd data-testid={testId && `${testId}-relevance`}>{fmt(explain.relevance)}</dd>
        </div>
        <div>
          <dt>{t('visibility.rank.trust', { score: explain.trustScoreKnown ? explain.trustScore : t('visibility.rank.noScore') })}</dt>
          <dd data-testid={testId && `${testId}-trust`}>× {fmt(explain.trustMultiplier)}</dd>
        </div>
        <div className={explain.demoted ? 'text-danger' : ''}>
          <dt>{explain.demoted ? t('visibility.rank.demoted') : t('visibility.rank.notDemoted')}</dt>
          <dd data-testid={testId && `${testId}-demotion`}>× {fmt(explain.demotionFactor, 2)}</dd>
        </div>
        <div className="vis-rank-final">
          <dt>{t('visibility.rank.final')}</dt>
          <dd data-testid={testId && `${testId}-final`}>= {fmt(explain.finalRank, 4)}</dd>
        </div>
      </dl>
    </div>
  );
}
