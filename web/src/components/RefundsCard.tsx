import { useTranslation } from 'react-i18next';
import type { OrderDetail } from '../api/types';
import { formatDateTime } from '../lib/format';
import { formatMoney } from '../lib/money';
import { StatusBadge } from './StatusBadge';
import { Card } from './ui';

/** The order's refund ledger: what was paid, what was refunded and what remains, and each refund's progress. */
export function RefundsCard({ order }: { order: OrderDetail }) {
  const { t } = useTranslation();
  const p = order.payment;
  return (
    <Card title={t('refunds.title')} testId="refunds-card">
      <div className="ledger">
        <div>
          <span className="ledger-label">{t('refunds.captured')}</span>
          <span className="ledger-value">{formatMoney(p.capturedAmount, p.currency)}</span>
        </div>
        <div>
          <span className="ledger-label">{t('refunds.refunded')}</span>
          <span className="ledger-value" data-testid="refunded-total">
            {formatMoney(p.refundedTotal, p.currency)}
          </span>
        </div>
        <div>
          <span className="ledger-label">{t('refunds.remaining')}</span>
          <span className="ledger-value">{formatMoney(p.remainingAmount, p.currency)}</span>
        </div>
      </div>
      <p className="muted small">{t('refunds.method', { method: t(`refunds.methods.${p.method}`, { defaultValue: p.method }) })}</p>
      {order.refunds.length === 0 ? (
        <p className="muted" data-testid="refunds-empty">
          {t('refunds.none')}
        </p>
      ) : (
        <ul className="refund-list" data-testid="refund-list">
          {order.refunds.map((r) => (
            <li key={r.id} data-testid={`refund-${r.id}`}>
              <div className="refund-head">
                <strong>{formatMoney(r.amount, r.currency)}</strong>
                <StatusBadge kind="refund" status={r.status} testId={`refund-status-${r.id}`} />
              </div>
              <div className="refund-reason">{t(`refunds.reasons.${r.reason}`, { defaultValue: r.reason.replace(/_/g, ' ') })}</div>
              <div className="muted small">
                {r.settledAt
                  ? t('refunds.settledAt', { date: formatDateTime(r.settledAt) })
                  : r.failedAt
                    ? t('refunds.failedAt', { date: formatDateTime(r.failedAt) })
                    : r.sentAt
                      ? t('refunds.sentAt', { date: formatDateTime(r.sentAt) })
                      : t('refunds.requestedAt', { date: formatDateTime(r.requestedAt) })}
              </div>
              {r.failureReason && <div className="error-text small">{r.failureReason}</div>}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
