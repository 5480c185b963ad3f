import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import i18n from '../i18n';

/** Codes whose server wording is meant for developers; everyone gets the console's wording for these. */
const TECHNICAL = new Set(['csrf_token_invalid', 'csrf_origin_mismatch', 'internal_error', 'network_error', 'route_not_found', 'malformed_json', 'aborted', 'unsupported_media_type']);

/**
 * A sentence for an error in the reader's language. In English the server's detail is already readable and
 * more specific, so it is kept (except for technical codes); in Chinese the console's wording for the code.
 */
export function errorText(t: TFunction, error: unknown): string {
  if (error instanceof ApiError) {
    const english = !i18n.language.startsWith('zh');
    if (english && error.status !== 0 && error.detail && !TECHNICAL.has(error.code) && error.code !== 'http_error') return error.detail;
    const known = t(`errors.${error.code}`, { defaultValue: '' });
    if (known) return known;
    if (error.status === 0) return t('errors.network_error');
    return error.detail || t('errors.generic');
  }
  return t('errors.generic');
}

/** A field's error from the server, readable in the current language. */
export function serverFieldText(t: TFunction, language: string, message: string | undefined): string | undefined {
  if (!message) return undefined;
  return language.startsWith('en') ? message : t('errors.fieldInvalidWith', { message });
}

export function ErrorBanner({ error, testId }: { error: unknown; testId?: string }) {
  const { t } = useTranslation();
  if (!error) return null;
  const fields = error instanceof ApiError ? Object.keys(error.fields).length : 0;
  return (
    <div className="callout callout-danger" role="alert" data-testid={testId ?? 'error-banner'}>
      <p className="callout-title">{errorText(t, error)}</p>
      {fields > 0 && <p className="callout-body">{t('errors.checkFields')}</p>}
    </div>
  );
}
