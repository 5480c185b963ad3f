import { useTranslation } from 'react-i18next';
import type { Bilingual } from '../../api/types';

/**
 * Text the server rendered in both languages from structured fields (a proposal, a decision, a QC verdict): the
 * reader's language first, the other beneath it, so buyer, seller and support read the very same statement.
 */
export function BilingualText({ text, testId, showOther = true }: { text: Bilingual; testId?: string; showOther?: boolean }) {
  const { i18n } = useTranslation();
  const zh = i18n.language.startsWith('zh');
  const primary = zh ? text['zh-CN'] : text.en;
  const other = zh ? text.en : text['zh-CN'];
  return (
    <span className="bilingual" data-testid={testId}>
      <span className="bilingual-primary" lang={zh ? 'zh-CN' : 'en'}>
        {primary}
      </span>
      {showOther && other !== primary && (
        <span className="bilingual-other" lang={zh ? 'en' : 'zh-CN'}>
          {other}
        </span>
      )}
    </span>
  );
}

/** The reader's half of a bilingual text, for tight places (tables, badges). */
export function useBilingual() {
  const { i18n } = useTranslation();
  return (text: Bilingual | null | undefined) => (text ? (i18n.language.startsWith('zh') ? text['zh-CN'] : text.en) : '');
}
