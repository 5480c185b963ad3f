import { useTranslation } from 'react-i18next';
import type { Tier } from '../../api/evaluation';
import { TierBadge } from '../../pages/evaluation/ScorecardPage';

/** A shop's standing at a glance: its tier (the trust badge) and whether it is verified. */
export function SellerBadges({ tier, verified, trusted, testId }: { tier: Tier | null; verified?: boolean; trusted?: boolean; testId?: string }) {
  const { t } = useTranslation();
  return (
    <span className="vis-badges" data-testid={testId}>
      {trusted && (
        <span className="badge badge-success vis-trusted-badge" data-testid={testId && `${testId}-trusted`}>
          <svg width="13" height="13" viewBox="0 0 24 24" aria-hidden="true">
            <path d="M12 3l2.6 5.6 6 .7-4.5 4.1 1.2 6L12 16.4 6.7 19.4l1.2-6L3.4 9.3l6-.7z" fill="currentColor" />
          </svg>
          {t('visibility.trustedBadge')}
        </span>
      )}
      {tier ? <TierBadge tier={tier} testId={testId && `${testId}-tier`} /> : <span className="badge badge-neutral">{t('visibility.noTier')}</span>}
      {verified && <span className="tag tag-success">{t('visibility.verified')}</span>}
    </span>
  );
}
