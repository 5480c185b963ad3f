import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { ordersApi, type ProtectionWithDecline } from '../api/orders';
import type { OrderStatus, Protection } from '../api/types';
import { formatDate, formatDateTime } from '../lib/format';
import { Dialog } from './Dialog';
import { ErrorBanner, serverFieldText } from './ErrorMessage';
import { Field } from './Field';
import { useToast } from './Toast';
import { Card, DefinitionList } from './ui';

const DAY_MS = 86_400_000;

interface Props {
  orderId: string;
  orderStatus: OrderStatus;
  protection: ProtectionWithDecline | Protection | null;
  /** The order's buyer: may ask for more time and confirm delivery. */
  isBuyer: boolean;
  /** The seller's members and support staff: may extend, or decline the buyer's request. */
  mayExtend: boolean;
  onChanged: () => void;
}

/**
 * The buyer's protection: how many days are left and until when, how much of it has run, and what each side may
 * do — the buyer asks for more time while nothing has arrived, or confirms delivery; the seller or support
 * extend it, or decline the buyer's request with a reason the buyer then sees here.
 */
export function ProtectionCard({ orderId, orderStatus, protection, isBuyer, mayExtend, onChanged }: Props) {
  const { t, i18n } = useTranslation();
  const toast = useToast();
  const [dialog, setDialog] = useState<'request' | 'extend' | 'decline' | null>(null);
  const [days, setDays] = useState('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  if (!protection) {
    return (
      <Card title={t('protection.title')} testId="protection-card">
        <p className="muted" data-testid="protection-not-started">
          {t('protection.notStarted')}
        </p>
      </Card>
    );
  }

  const ended = protection.endedAt !== null;
  const total = protection.initialDays + protection.extendedDays;
  const elapsed = Math.min(1, Math.max(0, (Date.now() - new Date(protection.startedAt).getTime()) / (total * DAY_MS)));
  const inTransit = orderStatus === 'shipped_international';
  const mayRequest = isBuyer && inTransit && !ended && !protection.extensionRequested;
  const mayConfirm = isBuyer && !ended && (orderStatus === 'shipped_international' || (orderStatus === 'delivered' && !protection.buyerConfirmedAt));
  const canExtend = mayExtend && !ended && (orderStatus === 'shipped_international' || orderStatus === 'delivered');
  const canDecline = mayExtend && protection.extensionRequest !== null;
  const declined = 'extensionDeclined' in protection ? (protection.extensionDeclined ?? null) : null;

  const open = (kind: 'request' | 'extend' | 'decline') => {
    setDays(kind === 'extend' && protection.extensionRequest ? String(protection.extensionRequest.days) : '7');
    setReason('');
    setErrors({});
    setError(null);
    setDialog(kind);
  };

  const submit = async () => {
    const found: Record<string, string> = {};
    const n = Number(days);
    if (dialog !== 'decline' && (!Number.isInteger(n) || n < 1)) found.days = t('protection.daysInvalid');
    if (!reason.trim()) found.reason = t('validation.required');
    setErrors(found);
    if (Object.keys(found).length) return;
    setBusy(true);
    setError(null);
    try {
      if (dialog === 'request') await ordersApi.requestExtension(orderId, { days: n, reason: reason.trim() });
      else if (dialog === 'decline') await ordersApi.declineExtension(orderId, reason.trim());
      else await ordersApi.extendProtection(orderId, { days: n, reason: reason.trim() });
      toast(dialog === 'request' ? t('protection.requested') : dialog === 'decline' ? t('extensionDecline.declinedToast') : t('protection.extendedToast', { count: n }));
      setDialog(null);
      onChanged();
    } catch (err) {
      if (err instanceof ApiError && err.code === 'extension_too_long' && typeof err.extra.maxDays === 'number') {
        setErrors({ days: t('protection.tooLong', { count: err.extra.maxDays }) });
      } else {
        setError(err);
        if (err instanceof ApiError) setErrors(Object.fromEntries(Object.entries(err.fields).map(([k, v]) => [k, serverFieldText(t, i18n.language, v)])));
      }
    } finally {
      setBusy(false);
    }
  };

  const confirmDelivery = async () => {
    setBusy(true);
    try {
      await ordersApi.confirmDelivery(orderId);
      toast(t('protection.confirmed'));
      onChanged();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const tone = ended ? 'ended' : protection.daysLeft <= 5 ? 'warn' : 'ok';
  return (
    <Card title={t('protection.title')} testId="protection-card">
      <div className={`countdown countdown-${tone}`} data-testid="protection-countdown" data-days-left={protection.daysLeft}>
        {ended ? (
          <span className="countdown-label">{t(`protection.outcome.${protection.endOutcome ?? 'completed'}`)}</span>
        ) : (
          <>
            <span className="countdown-number">{protection.daysLeft}</span>
            <span className="countdown-label">{t('protection.daysLeft', { count: protection.daysLeft })}</span>
          </>
        )}
      </div>
      <div className="progress-track countdown-track" aria-hidden="true">
        <div className="progress-fill" style={{ width: `${Math.round((ended ? 1 : elapsed) * 100)}%` }} />
      </div>
      <DefinitionList
        items={[
          [t('protection.started'), formatDate(protection.startedAt)],
          [t('protection.ends'), <span data-testid="protection-ends">{formatDateTime(protection.endsAt)}</span>],
          [t('protection.length'), protection.extendedDays > 0 ? t('protection.lengthExtended', { days: protection.initialDays, extra: protection.extendedDays }) : t('protection.lengthDays', { count: protection.initialDays })],
          ...(protection.buyerConfirmedAt ? ([[t('protection.buyerConfirmed'), formatDateTime(protection.buyerConfirmedAt)]] as [string, string][]) : []),
        ]}
      />
      {protection.extensionRequest && (
        <div className="callout callout-warning compact" data-testid="extension-request">
          <p className="callout-title">{t('protection.requestPending', { count: protection.extensionRequest.days })}</p>
          {protection.extensionRequest.reason && <p className="callout-body">{protection.extensionRequest.reason}</p>}
          <p className="callout-body muted small">{formatDateTime(protection.extensionRequest.requestedAt)}</p>
        </div>
      )}
      {declined && !protection.extensionRequest && (
        <div className="callout callout-info compact" data-testid="extension-declined">
          <p className="callout-title">{t('extensionDecline.declinedTitle', { count: declined.days })}</p>
          <p className="callout-body" data-testid="extension-declined-reason">
            {declined.reason}
          </p>
          <p className="callout-body muted small">{formatDateTime(declined.declinedAt)}</p>
        </div>
      )}
      {!dialog && <ErrorBanner error={error} />}
      {(mayRequest || mayConfirm || canExtend || canDecline) && (
        <div className="card-buttons">
          {mayConfirm && (
            <button type="button" className="btn btn-success" onClick={confirmDelivery} disabled={busy} data-testid="confirm-delivery">
              {t('protection.confirmDelivery')}
            </button>
          )}
          {mayRequest && (
            <button type="button" className="btn btn-secondary" onClick={() => open('request')} data-testid="request-extension">
              {t('protection.requestExtension')}
            </button>
          )}
          {canExtend && (
            <button type="button" className="btn btn-primary" onClick={() => open('extend')} data-testid="extend-protection">
              {t('protection.extend')}
            </button>
          )}
          {canDecline && (
            <button type="button" className="btn btn-secondary" onClick={() => open('decline')} data-testid="decline-extension">
              {t('extensionDecline.decline')}
            </button>
          )}
        </div>
      )}
      {mayRequest && <p className="muted small">{t('protection.buyerHint')}</p>}
      <Dialog
        open={dialog !== null}
        title={dialog === 'request' ? t('protection.requestTitle') : dialog === 'decline' ? t('extensionDecline.title') : t('protection.extendTitle')}
        onClose={() => !busy && setDialog(null)}
        onSubmit={submit}
        busy={busy}
        submitLabel={dialog === 'request' ? t('protection.requestSubmit') : dialog === 'decline' ? t('extensionDecline.submit') : t('protection.extendSubmit')}
        testId="protection-dialog"
      >
        <ErrorBanner error={error} />
        <p className="muted">
          {dialog === 'request'
            ? t('protection.requestBody', { date: formatDate(protection.endsAt) })
            : dialog === 'decline'
              ? t('extensionDecline.body', { date: formatDate(protection.endsAt) })
              : t('protection.extendBody', { date: formatDate(protection.endsAt) })}
        </p>
        {dialog !== 'decline' && (
          <Field label={t('protection.days')} error={errors.days} required>
            <input type="number" min={1} max={365} inputMode="numeric" value={days} onChange={(e) => setDays(e.target.value)} data-testid="protection-days" className="input-narrow" />
          </Field>
        )}
        <Field
          label={dialog === 'decline' ? t('extensionDecline.reason') : t('protection.reason')}
          hint={dialog === 'request' ? t('protection.reasonHintBuyer') : dialog === 'decline' ? t('extensionDecline.reasonHint') : t('protection.reasonHintStaff')}
          error={errors.reason}
          required
        >
          <textarea rows={3} maxLength={1000} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="protection-reason" />
        </Field>
      </Dialog>
    </Card>
  );
}
