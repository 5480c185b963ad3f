import { useTranslation } from 'react-i18next';

/** "1–20 of 57" with previous and next. */
export function Pager({ offset, limit, count, total, onChange }: { offset: number; limit: number; count: number; total: number; onChange: (offset: number) => void }) {
  const { t } = useTranslation();
  if (total <= limit && offset === 0) return null;
  return (
    <div className="pager">
      <span className="muted">{t('common.rangeOf', { from: count ? offset + 1 : 0, to: offset + count, total })}</span>
      <button type="button" className="btn btn-secondary btn-sm" disabled={offset === 0} onClick={() => onChange(Math.max(0, offset - limit))} data-testid="pager-previous">
        {t('common.previous')}
      </button>
      <button type="button" className="btn btn-secondary btn-sm" disabled={offset + count >= total} onClick={() => onChange(offset + limit)} data-testid="pager-next">
        {t('common.next')}
      </button>
    </div>
  );
}
