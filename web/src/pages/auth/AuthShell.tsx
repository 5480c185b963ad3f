import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitcher } from '../../components/LanguageSwitcher';
import { Logo } from '../../components/Layout';

/** The frame of the sign-in and registration pages: the product on one side, the form on the other. */
export function AuthShell({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="auth">
      <aside className="auth-aside">
        <div className="auth-brand">
          <Logo />
          <span>{t('app.name')}</span>
        </div>
        <div className="auth-pitch">
          <h2>{t('auth.pitchTitle')}</h2>
          <ul>
            <li>{t('auth.pitch1')}</li>
            <li>{t('auth.pitch2')}</li>
            <li>{t('auth.pitch3')}</li>
          </ul>
        </div>
        <p className="auth-foot">{t('app.tagline')}</p>
      </aside>
      <main className="auth-main">
        <div className="auth-lang">
          <LanguageSwitcher />
        </div>
        <div className="auth-card">{children}</div>
      </main>
    </div>
  );
}
