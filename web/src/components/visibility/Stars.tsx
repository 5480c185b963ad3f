import { useId } from 'react';
import { useTranslation } from 'react-i18next';

/** A star rating read at a glance; screen readers hear the number. */
export function Stars({ value, testId, size = 'md' }: { value: number | null; testId?: string; size?: 'sm' | 'md' | 'lg' }) {
  const { t } = useTranslation();
  if (value === null) return <span className="muted">{t('reviewsUi.noRating')}</span>;
  const pct = Math.max(0, Math.min(5, value)) * 20;
  return (
    <span className={`vis-stars vis-stars-${size}`} role="img" aria-label={t('reviewsUi.starsLabel', { value: value.toFixed(1) })} data-testid={testId} data-value={value}>
      <span className="vis-stars-empty" aria-hidden="true">★★★★★</span>
      <span className="vis-stars-full" aria-hidden="true" style={{ width: `${pct}%` }}>
        ★★★★★
      </span>
    </span>
  );
}

/** Choosing 1–5 stars: a radio group, so it works with the keyboard and is announced as a choice. */
export function StarInput({ label, value, onChange, testId, error }: { label: string; value: number; onChange: (v: number) => void; testId: string; error?: string | null }) {
  const { t } = useTranslation();
  const name = useId();
  return (
    <fieldset className={`vis-star-input ${error ? 'field-invalid' : ''}`} data-testid={testId} data-value={value}>
      <legend className="field-label">
        {label}
        <span className="field-required" aria-hidden="true"> *</span>
      </legend>
      <div className="vis-star-choices">
        {[1, 2, 3, 4, 5].map((n) => (
          <label key={n} className={`vis-star-choice ${n <= value ? 'on' : ''}`} title={t(`reviewsUi.starWord.${n}`)}>
            <input type="radio" name={name} value={n} checked={value === n} onChange={() => onChange(n)} data-testid={`${testId}-${n}`} />
            <span aria-hidden="true">★</span>
            <span className="visually-hidden">{t('reviewsUi.starsChoice', { count: n })}</span>
          </label>
        ))}
        <span className="vis-star-word">{value ? t(`reviewsUi.starWord.${value}`) : ''}</span>
      </div>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}
