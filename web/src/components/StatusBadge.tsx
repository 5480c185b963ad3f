import { useTranslation } from 'react-i18next';

type Kind = 'application' | 'document' | 'seller' | 'delivery' | 'user' | 'webhook' | 'order' | 'item' | 'refund' | 'parcel' | 'case';

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
  // orders, items, refunds, parcels
  paid: 'info',
  cancellation_requested: 'warning',
  cancelled: 'neutral',
  dispatched: 'info',
  received_at_warehouse: 'info',
  qc_passed: 'success',
  qc_failed: 'danger',
  shipped_international: 'info',
  delivered: 'success',
  completed: 'success',
  refunded: 'neutral',
  sent: 'info',
  settled: 'success',
  created: 'neutral',
  in_transit: 'info',
};

/** Tones that differ by kind: a pending refund waits on the payment system, not on a reviewer. */
const KIND_TONES: Partial<Record<Kind, Record<string, string>>> = {
  refund: { pending: 'warning' },
  case: {
    awaiting_buyer: 'warning',
    awaiting_seller: 'warning',
    counter_offered: 'info',
    seller_refused: 'danger',
    escalated: 'danger',
    agreed: 'success',
    return_approved: 'info',
    return_in_transit: 'info',
    return_delivered: 'info',
    return_received: 'info',
    awaiting_replacement: 'info',
    replacement_in_transit: 'info',
    resolved: 'success',
    closed: 'neutral',
  },
};

export function StatusBadge({ kind, status, testId }: { kind: Kind; status: string; testId?: string }) {
  const { t } = useTranslation();
  const tone = KIND_TONES[kind]?.[status] ?? TONES[status] ?? 'neutral';
  return (
    <span className={`badge badge-${tone}`} data-testid={testId} data-status={status}>
      <span className="badge-dot" aria-hidden="true" />
      {t(`status.${kind}.${status}`, { defaultValue: status.replace(/_/g, ' ') })}
    </span>
  );
}
