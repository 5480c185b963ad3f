import type { TFunction } from 'i18next';
import { ApiError } from '../../api/client';
import { errorText } from '../../components/ErrorMessage';

/** The team's own error codes in the reader's language; anything else as the console says it. */
export function teamErrorText(t: TFunction, error: unknown): string {
  if (error instanceof ApiError) {
    const own = t(`team.errors.${error.code}`, { defaultValue: '' });
    if (own) return own;
  }
  return errorText(t, error);
}
