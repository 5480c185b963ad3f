import { useTranslation } from 'react-i18next';
import type { DisputeRemedy, DisputeRemedyType } from '../../api/disputes';
import { formatMoney, minorDigits, parseMoney } from '../../lib/money';
import { Field } from '../Field';

export interface RemedyChoice {
  type: DisputeRemedyType | '';
  /** A partial refund in the order's currency, as typed (major units). */
  amount: string;
}

export const NO_REMEDY: RemedyChoice = { type: '', amount: '' };

/** The choice as the API's remedy (amounts in minor units), or the field errors that keep it from being one. */
export function remedyOf(t: (key: string, o?: Record<string, unknown>) => string, c: RemedyChoice, currency: string, max: number): { remedy: DisputeRemedy | null; errors: Record<string, string> } {
  if (!c.type) return { remedy: null, errors: { type: t('disputes.remedy.choose') } };
  if (c.type !== 'partial_refund') return { remedy: { type: c.type } as DisputeRemedy, errors: {} };
  const v = parseMoney(c.amount, currency);
  if (!c.amount.trim()) return { remedy: null, errors: { amount: t('validation.required') } };
  if (v === null || v < 1) return { remedy: null, errors: { amount: t('disputes.remedy.amountInvalid', { digits: minorDigits(currency) }) } };
  if (v > max) return { remedy: null, errors: { amount: t('disputes.remedy.amountTooHigh', { max: formatMoney(max, currency) }) } };
  return { remedy: { type: 'partial_refund', amount: v }, errors: {} };
}

/**
 * The remedies of a dispute as choice cards, those the resolution matrix finds fitting marked, with the amount of a
 * partial refund in the order's currency (sent in minor units).
 */
export function DisputeRemedyForm({
  allowed,
  fitting,
  value,
  onChange,
  currency,
  max,
  errors,
  audience,
  testIdPrefix,
}: {
  allowed: DisputeRemedyType[];
  fitting?: DisputeRemedyType[];
  value: RemedyChoice;
  onChange: (c: RemedyChoice) => void;
  currency: string;
  max: number;
  errors: Record<string, string>;
  audience: 'buyer' | 'other';
  testIdPrefix: string;
}) {
  const { t } = useTranslation();
  const amount = formatMoney(max, currency);
  return (
    <div className="remedy-form">
      <div className={`choice-cards remedy-choices ${errors.type ? 'field-invalid' : ''}`} role="radiogroup" aria-label={t('disputes.remedy.label')}>
        {allowed.map((r) => (
          <label key={r} className={`choice-card ${value.type === r ? 'selected' : ''}`}>
            <input type="radio" name={`${testIdPrefix}-type`} checked={value.type === r} onChange={() => onChange({ ...value, type: r })} data-testid={`${testIdPrefix}-${r}`} />
            <span className="choice-title">
              {t(`disputes.remedy.type.${r}`)}
              {fitting?.includes(r) && <span className="tag tag-success">{t('disputes.remedy.fits')}</span>}
            </span>
            <span className="choice-desc">{t(`disputes.remedy.desc.${audience}.${r}`, { amount })}</span>
          </label>
        ))}
      </div>
      {errors.type && (
        <p className="field-error" role="alert">
          {errors.type}
        </p>
      )}
      {value.type === 'partial_refund' && (
        <Field label={t('disputes.remedy.amount')} hint={t('disputes.remedy.amountHint', { max: amount })} error={errors.amount} required>
          <div className="input-prefix">
            <span className="input-unit">{currency}</span>
            <input inputMode="decimal" value={value.amount} onChange={(e) => onChange({ ...value, amount: e.target.value })} data-testid={`${testIdPrefix}-amount`} />
          </div>
        </Field>
      )}
    </div>
  );
}
