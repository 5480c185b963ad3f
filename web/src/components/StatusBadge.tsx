import { useTranslation } from 'react-i18next';

type Kind = 'application' | 'document' | 'seller' | 'delivery' | 'user' | 'webhook';

const TONES: Record<string, string> = {
  draft: 'neutral',
  submitted: 'info',
  under_review: 'info',
  revision_requested: 'warning',
  verified: 'success',
  rejected: 'danger',
  missing: 'neutral',
  pending_review: 'info',
  approved: 'success',
  superseded: 'neutral',
  expired: 'danger',
  pending_verification: 'info',
  active: 'success',
  reverification: 'warning',
  restricted: 'warning',
  suspended: 'danger',
  banned: 'danger',
  pending: 'info',
  succeeded: 'success',
  failed: 'danger',
  disabled: 'neutral',
  enabled: 'success',
  revoked: 'neutral',
};

export function StatusBadge({ kind, status, testId }: { kind: Kind; status: string; testId?: string }) {
  const { t } = useTranslation();
  const tone = TONES[status] ?? 'neutral';
  return (
    <span className={`badge badge-${tone}`} data-testid={testId} data-status={status}>
      <span className="badge-dot" aria-hidden="true" />
      {t(`status.${kind}.${status}`, { defaultValue: status.replace(/_/g, ' ') })}
    </span>
  );
}
