import { useTranslation } from 'react-i18next';
import type { Remedy, RemedyType } from '../../api/types';
import { formatMoney, minorDigits, parseMoney } from '../../lib/money';
import { Field } from '../Field';

export interface RemedyDraft {
  type: RemedyType | '';
  size: string;
  colour: string;
  difference: 'none' | 'buyer' | 'seller';
  differenceAmount: string;
  amount: string;
}

export const EMPTY_DRAFT: RemedyDraft = { type: '', size: '', colour: '', difference: 'none', differenceAmount: '', amount: '' };

/** The draft as the API's structured remedy, or the errors that keep it from being one. */
export function buildRemedy(
  t: (key: string, o?: Record<string, unknown>) => string,
  d: RemedyDraft,
  currency: string,
  claimAmount: number,
): { remedy: Remedy | null; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const money = (text: string, field: string, max?: number) => {
    const v = parseMoney(text, currency);
    if (!text.trim()) errors[field] = t('validation.required');
    else if (v === null || v < 1) errors[field] = t('remedy.amountInvalid', { digits: minorDigits(currency) });
    else if (max !== undefined && v > max) errors[field] = t('remedy.amountTooHigh', { max: formatMoney(max, currency) });
    return v ?? 0;
  };
  switch (d.type) {
    case '':
      errors.type = t('remedy.choose');
      return { remedy: null, errors };
    case 'return_for_refund':
    case 'accept_as_is':
      return { remedy: { type: d.type }, errors };
    case 'partial_refund': {
      const amount = money(d.amount, 'amount', claimAmount);
      return { remedy: Object.keys(errors).length ? null : { type: 'partial_refund', amount }, errors };
    }
    case 'exchange': {
      const amount = d.difference === 'none' ? 0 : money(d.differenceAmount, 'differenceAmount', d.difference === 'seller' ? claimAmount : undefined);
      if (Object.keys(errors).length) return { remedy: null, errors };
      return {
        remedy: {
          type: 'exchange',
          size: d.size.trim() || null,
          colour: d.colour.trim() || null,
          priceDifference: d.difference === 'none' ? null : { amount, owedBy: d.difference },
        },
        errors,
      };
    }
  }
}

/**
 * A remedy chosen from those the case allows now, with its own fields: the size and colour of an exchange and any
 * price difference either way, or the amount of a partial refund (at most the item's price).
 */
export function RemedyForm({
  allowed,
  draft,
  onChange,
  currency,
  claimAmount,
  errors,
  audience,
  testIdPrefix,
  disabled,
}: {
  allowed: RemedyType[];
  draft: RemedyDraft;
  onChange: (d: RemedyDraft) => void;
  currency: string;
  claimAmount: number;
  errors: Record<string, string>;
  /** The buyer reads "you"; the seller and support read "the buyer". */
  audience: 'buyer' | 'other';
  testIdPrefix: string;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  const set = (patch: Partial<RemedyDraft>) => onChange({ ...draft, ...patch });
  const price = formatMoney(claimAmount, currency);
  return (
    <div className="remedy-form">
      <div className={`choice-cards remedy-choices ${errors.type ? 'field-invalid' : ''}`} role="radiogroup" aria-label={t('remedy.label')}>
        {allowed.map((r) => (
          <label key={r} className={`choice-card ${draft.type === r ? 'selected' : ''}`}>
            <input type="radio" name={`${testIdPrefix}-type`} checked={draft.type === r} onChange={() => set({ type: r })} disabled={disabled} data-testid={`${testIdPrefix}-${r}`} />
            <span className="choice-title">{t(`remedy.type.${r}`)}</span>
            <span className="choice-desc">{t(`remedy.desc.${audience}.${r}`, { amount: price })}</span>
          </label>
        ))}
      </div>
      {errors.type && (
        <p className="field-error" role="alert">
          {errors.type}
        </p>
      )}
      {draft.type === 'partial_refund' && (
        <Field label={t('remedy.amount')} hint={t('remedy.amountHint', { max: price })} error={errors.amount} required>
          <div className="input-prefix">
            <span className="input-unit">{currency}</span>
            <input inputMode="decimal" value={draft.amount} onChange={(e) => set({ amount: e.target.value })} disabled={disabled} data-testid={`${testIdPrefix}-amount`} />
          </div>
        </Field>
      )}
      {draft.type === 'exchange' && (
        <>
          <div className="grid-2">
            <Field label={t('remedy.size')} hint={t('remedy.sizeHint')} optionalLabel={t('common.optional')}>
              <input value={draft.size} maxLength={60} onChange={(e) => set({ size: e.target.value })} disabled={disabled} data-testid={`${testIdPrefix}-size`} />
            </Field>
            <Field label={t('remedy.colour')} hint={t('remedy.colourHint')} optionalLabel={t('common.optional')}>
              <input value={draft.colour} maxLength={60} onChange={(e) => set({ colour: e.target.value })} disabled={disabled} data-testid={`${testIdPrefix}-colour`} />
            </Field>
          </div>
          <Field label={t('remedy.difference')} hint={t('remedy.differenceHint')}>
            <select value={draft.difference} onChange={(e) => set({ difference: e.target.value as RemedyDraft['difference'] })} disabled={disabled} data-testid={`${testIdPrefix}-difference`}>
              <option value="none">{t('remedy.differenceNone')}</option>
              <option value="buyer">{t(`remedy.differenceBuyer.${audience}`)}</option>
              <option value="seller">{t(`remedy.differenceSeller.${audience}`)}</option>
            </select>
          </Field>
          {draft.difference !== 'none' && (
            <Field label={t('remedy.differenceAmount')} error={errors.differenceAmount} required>
              <div className="input-prefix">
                <span className="input-unit">{currency}</span>
                <input inputMode="decimal" value={draft.differenceAmount} onChange={(e) => set({ differenceAmount: e.target.value })} disabled={disabled} data-testid={`${testIdPrefix}-difference-amount`} />
              </div>
            </Field>
          )}
        </>
      )}
    </div>
  );
}
