import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { trackingApi } from '../api/orders';
import { CARRIER_CODES, type CarrierCode, type TrackingValidation } from '../api/types';
import { carrierName } from '../lib/orders';
import { trackingReasonText } from '../lib/trackingReason';

const DEBOUNCE_MS = 350;

export type TrackingCheckState = 'idle' | 'checking' | 'valid' | 'invalid' | 'unavailable';

interface Props {
  carrier: CarrierCode | '';
  number: string;
  onCarrierChange: (carrier: CarrierCode) => void;
  onNumberChange: (number: string) => void;
  /** Tells the form whether the number may be sent (valid for the carrier as last checked). */
  onStateChange?: (state: TrackingCheckState) => void;
  /** A reason the server gave when the form was sent (a 422), shown like the live check's. */
  submitError?: string | null;
  /** Carrier error from the form's own validation (none chosen). */
  carrierError?: string | null;
  numberError?: string | null;
  testIdPrefix: string;
  disabled?: boolean;
  carriers?: readonly CarrierCode[];
  carrierLabel?: string;
  numberLabel?: string;
}

/**
 * The carrier and the tracking number, checked as they are typed: a short pause after the last keystroke sends
 * the number to the validation endpoint and the answer appears under the field — why a number is wrong in the
 * reader's language, or which carrier it belongs to when another one was chosen.
 */
export function TrackingNumberField({
  carrier,
  number,
  onCarrierChange,
  onNumberChange,
  onStateChange,
  submitError,
  carrierError,
  numberError,
  testIdPrefix,
  disabled,
  carriers = CARRIER_CODES,
  carrierLabel,
  numberLabel,
}: Props) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const [state, setState] = useState<TrackingCheckState>('idle');
  const [result, setResult] = useState<TrackingValidation | null>(null);
  const stateRef = useRef(onStateChange);
  stateRef.current = onStateChange;

  useEffect(() => {
    const value = number.trim();
    if (!value || !carrier) {
      setState('idle');
      setResult(null);
      stateRef.current?.('idle');
      return;
    }
    setState('checking');
    stateRef.current?.('checking');
    const controller = new AbortController();
    const timer = window.setTimeout(async () => {
      try {
        const answer = await trackingApi.validate(value, carrier, controller.signal);
        setResult(answer);
        const next = answer.valid ? 'valid' : 'invalid';
        setState(next);
        stateRef.current?.(next);
      } catch (err) {
        if ((err as Error).name === 'AbortError') return;
        // The check is a help, not a gate: the server checks again when the form is sent.
        setResult(null);
        setState('unavailable');
        stateRef.current?.('unavailable');
      }
    }, DEBOUNCE_MS);
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
  }, [number, carrier]);

  const others = result && !result.valid ? result.carriers.filter((c) => c !== carrier && carriers.includes(c)) : [];
  const shownState: TrackingCheckState = submitError && state !== 'checking' ? 'invalid' : state;
  const message =
    numberError ??
    (state === 'checking'
      ? t('tracking.checking')
      : state === 'valid' && result
        ? t('tracking.valid', { carrier: carrierName(t, carrier) })
        : state === 'invalid' && result
          ? trackingReasonText(result.reason)
          : submitError
            ? trackingReasonText(submitError)
            : state === 'unavailable'
              ? t('tracking.unavailable')
              : t('tracking.hint'));
  const tone = numberError || shownState === 'invalid' ? 'invalid' : shownState === 'valid' ? 'valid' : 'idle';

  return (
    <div className="tracking-field">
      <div className={`field ${carrierError ? 'field-invalid' : ''}`}>
        <label htmlFor={`${id}-carrier`} className="field-label">
          {carrierLabel ?? t('tracking.carrier')}
          <span className="field-required" aria-hidden="true">
            {' '}
            *
          </span>
        </label>
        <select
          id={`${id}-carrier`}
          value={carrier}
          onChange={(e) => onCarrierChange(e.target.value as CarrierCode)}
          disabled={disabled}
          aria-invalid={carrierError ? true : undefined}
          data-testid={`${testIdPrefix}-carrier`}
        >
          <option value="">{t('common.choose')}</option>
          {carriers.map((c) => (
            <option key={c} value={c}>
              {carrierName(t, c)}
            </option>
          ))}
        </select>
        {carrierError && (
          <p className="field-error" role="alert">
            {carrierError}
          </p>
        )}
      </div>
      <div className={`field ${tone === 'invalid' ? 'field-invalid' : ''}`}>
        <label htmlFor={`${id}-number`} className="field-label">
          {numberLabel ?? t('tracking.number')}
          <span className="field-required" aria-hidden="true">
            {' '}
            *
          </span>
        </label>
        <div className={`tracking-input tracking-${tone}`}>
          <input
            id={`${id}-number`}
            value={number}
            onChange={(e) => onNumberChange(e.target.value)}
            disabled={disabled}
            autoComplete="off"
            spellCheck={false}
            maxLength={100}
            className="mono-input"
            aria-invalid={tone === 'invalid' ? true : undefined}
            aria-describedby={`${id}-check`}
            data-testid={`${testIdPrefix}-number`}
          />
          <span className="tracking-icon" aria-hidden="true">
            {shownState === 'checking' ? <span className="spinner-dot" /> : tone === 'valid' ? '✓' : tone === 'invalid' ? '!' : ''}
          </span>
        </div>
        <p
          id={`${id}-check`}
          className={`tracking-check tracking-check-${tone}`}
          aria-live="polite"
          data-testid={`${testIdPrefix}-check`}
          data-state={numberError ? 'invalid' : shownState}
          lang={i18n.language}
        >
          {message}
        </p>
        {state === 'valid' && result && result.normalized !== number.trim() && (
          <p className="field-hint">
            {t('tracking.normalized')} <code>{result.normalized}</code>
          </p>
        )}
        {others.length > 0 && (
          <div className="tracking-others">
            <span className="muted">{t('tracking.matchesOther')}</span>
            {others.map((c) => (
              <button key={c} type="button" className="btn btn-secondary btn-sm" onClick={() => onCarrierChange(c)} data-testid={`${testIdPrefix}-use-${c}`}>
                {t('tracking.useCarrier', { carrier: carrierName(t, c) })}
              </button>
            ))}
          </div>
        )}
      </div>
    </div>
  );
}
