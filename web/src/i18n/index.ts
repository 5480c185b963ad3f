import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json';
import zhCN from './zh-CN.json';
import type { Locale } from '../api/types';

/**
 * Each area of the console keeps its own strings in `features/<area>.<locale>.json`, under top-level keys of
 * its own; they are merged over the shared en.json / zh-CN.json.
 */
const featureFiles = import.meta.glob<{ default: Record<string, unknown> }>('./features/*.json', { eager: true });

function withFeatures(locale: Locale, shared: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...shared };
  for (const [file, mod] of Object.entries(featureFiles)) {
    if (!file.endsWith(`.${locale}.json`)) continue;
    for (const [key, value] of Object.entries(mod.default)) {
      if (key in merged) throw new Error(`${file} redefines the top-level key "${key}"`);
      merged[key] = value;
    }
  }
  return merged;
}

/** Each language is named in itself, so anyone can find their own. */
export const LOCALES: { code: Locale; label: string; short: string }[] = [
  { code: 'en', label: 'English', short: 'EN' },
  { code: 'zh-CN', label: '简体中文', short: '中文' },
];

const STORAGE_KEY = 'arbiter.locale';

export function isLocale(value: unknown): value is Locale {
  return value === 'en' || value === 'zh-CN';
}

/** Before anyone signs in: the language chosen on this browser, else the browser's own. */
function initialLocale(): Locale {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (isLocale(stored)) return stored;
  } catch {
    // storage may be unavailable (private mode); fall through
  }
  const nav = typeof navigator !== 'undefined' ? navigator.language : 'en';
  return /^zh\b/i.test(nav) ? 'zh-CN' : 'en';
}

export function rememberLocale(locale: Locale) {
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // ignore
  }
}

void i18n.use(initReactI18next).init({
  resources: { en: { translation: withFeatures('en', en) }, 'zh-CN': { translation: withFeatures('zh-CN', zhCN) } },
  lng: initialLocale(),
  fallbackLng: 'en',
  supportedLngs: ['en', 'zh-CN'],
  interpolation: { escapeValue: false },
  returnNull: false,
});

function syncDocument(lng: string) {
  document.documentElement.lang = lng;
  document.title = i18n.t('app.title');
}
syncDocument(i18n.language);
i18n.on('languageChanged', syncDocument);

export default i18n;
