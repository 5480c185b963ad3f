import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Locale } from '../api/types';
import { LOCALES } from '../i18n';
import { useSession } from '../lib/session';
import { useToast } from './Toast';
import { errorText } from './ErrorMessage';

export function LanguageSwitcher({ compact }: { compact?: boolean }) {
  const { t, i18n } = useTranslation();
  const { setLocale } = useSession();
  const toast = useToast();
  const [busy, setBusy] = useState(false);
  const change = async (locale: Locale) => {
    setBusy(true);
    try {
      await setLocale(locale);
    } catch (err) {
      toast(errorText(t, err), 'danger');
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className={`lang-switch ${compact ? 'lang-switch-compact' : ''}`} role="group" aria-label={t('language.label')}>
      {LOCALES.map((l) => (
        <button
          key={l.code}
          type="button"
          lang={l.code}
          aria-label={l.label}
          className={i18n.language === l.code ? 'active' : ''}
          aria-pressed={i18n.language === l.code}
          disabled={busy}
          onClick={() => i18n.language !== l.code && change(l.code)}
          data-testid={`lang-${l.code}`}
        >
          <span className="lang-long">{l.label}</span>
          <span className="lang-short" aria-hidden="true">
            {l.short}
          </span>
        </button>
      ))}
    </div>
  );
}
