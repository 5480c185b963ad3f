import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { ordersApi } from '../api/orders';
import type { CarrierCode, OrderSummary } from '../api/types';
import { formatDateTime } from '../lib/format';
import { businessDaysText, carrierName, isCarrierCode } from '../lib/orders';
import { Dialog } from './Dialog';
import { ErrorBanner } from './ErrorMessage';
import { Field } from './Field';
import { TrackingNumberField, type TrackingCheckState } from './TrackingNumberField';

/**
 * The seller hands the parcel to a carrier: carrier and tracking number, checked as they are typed, and the
 * service. The buyer's chosen method is shown and preselected; choosing another raises a warning, because the
 * platform records it as a method mismatch.
 */
export function DispatchDialog({ order, onClose, onDone }: { order: OrderSummary | null; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const [carrier, setCarrier] = useState<CarrierCode | ''>('');
  const [number, setNumber] = useState('');
  const [service, setService] = useState('');
  const [check, setCheck] = useState<TrackingCheckState>('idle');
  const [submitReason, setSubmitReason] = useState<string | null>(null);
  const [errors, setErrors] = useState<{ carrier?: string; number?: string }>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!order) return;
    const chosen = order.shippingMethod.carrier.toLowerCase();
    setCarrier(isCarrierCode(chosen) ? chosen : '');
    setNumber('');
    setService(order.shippingMethod.service);
    setSubmitReason(null);
    setErrors({});
    setError(null);
  }, [order]);

  if (!order) return <Dialog open={false} title="" onClose={onClose} testId="dispatch-dialog">{null}</Dialog>;

  const chosenCarrier = order.shippingMethod.carrier.toLowerCase();
  const differs = carrier !== '' && carrier !== chosenCarrier;
  const serviceDiffers = service.trim() !== '' && service.trim().toLowerCase() !== order.shippingMethod.service.toLowerCase();
  const left = businessDaysText(t, order.businessDaysLeft, order.overdue);

  const submit = async () => {
    const found: typeof errors = {};
    if (!carrier) found.carrier = t('tracking.chooseCarrier');
    if (!number.trim()) found.number = t('validation.required');
    setErrors(found);
    if (Object.keys(found).length || !carrier) return;
    if (check === 'invalid' || check === 'checking') return;
    setBusy(true);
    setError(null);
    try {
      await ordersApi.dispatch(order.id, { carrier, trackingNumber: number.trim(), ...(service.trim() ? { service: service.trim() } : {}) });
      onDone();
    } catch (err) {
      if (err instanceof ApiError && err.code === 'invalid_tracking_number') {
        setSubmitReason(typeof err.extra.reason === 'string' ? err.extra.reason : err.detail);
      } else {
        setError(err);
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      open
      title={t('dispatch.title', { ref: order.externalId })}
      onClose={() => !busy && onClose()}
      onSubmit={submit}
      busy={busy}
      submitLabel={t('dispatch.submit')}
      testId="dispatch-dialog"
      wide
    >
      <ErrorBanner error={error} />
      <div className="dispatch-facts">
        <div>
          <span className="muted">{t('dispatch.buyerChose')}</span>
          <strong data-testid="dispatch-chosen-method">
            {carrierName(t, chosenCarrier)} · {order.shippingMethod.service}
          </strong>
        </div>
        <div>
          <span className="muted">{t('dispatch.deadline')}</span>
          <strong>
            {formatDateTime(order.dispatchDeadline)} <span className={`deadline deadline-${left.tone}`}>{left.text}</span>
          </strong>
        </div>
      </div>
      <TrackingNumberField
        carrier={carrier}
        number={number}
        onCarrierChange={(c) => {
          setCarrier(c);
          setSubmitReason(null);
          setErrors((e) => ({ ...e, carrier: undefined }));
        }}
        onNumberChange={(n) => {
          setNumber(n);
          setSubmitReason(null);
          setErrors((e) => ({ ...e, number: undefined }));
        }}
        onStateChange={setCheck}
        submitError={submitReason}
        carrierError={errors.carrier}
        numberError={errors.number}
        testIdPrefix="dispatch"
        disabled={busy}
      />
      <Field label={t('dispatch.service')} hint={t('dispatch.serviceHint')} optionalLabel={t('common.optional')}>
        <input value={service} onChange={(e) => setService(e.target.value)} maxLength={80} data-testid="dispatch-service" />
      </Field>
      {(differs || serviceDiffers) && (
        <div className="callout callout-warning compact" data-testid="dispatch-method-warning">
          <p className="callout-title">{t('dispatch.methodDiffers')}</p>
          <p className="callout-body">{t('dispatch.methodDiffersBody')}</p>
        </div>
      )}
      {order.overdue && (
        <div className="callout callout-danger compact">
          <p className="callout-title">{t('dispatch.lateWarning')}</p>
        </div>
      )}
    </Dialog>
  );
}
