import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation } from 'react-router-dom';
import { useSession } from '../../lib/session';
import { Layout, Logo } from '../Layout';
import { LanguageSwitcher } from '../LanguageSwitcher';
import { Loading } from '../ui';

/**
 * The frame of the pages anyone may open (the trusted-seller list, shop profiles): a signed-in reader keeps the
 * console's navigation; a visitor gets the brand, the language switch and a way to sign in.
 */
export function PublicFrame() {
  const { user, loading } = useSession();
  if (loading) return <Loading />;
  if (user) return <Layout />;
  return <PublicShell />;
}

function PublicShell() {
  const { t } = useTranslation();
  const location = useLocation();
  const next = encodeURIComponent(location.pathname + location.search);
  return (
    <div className="shell vis-public" data-testid="public-shell">
      <a href="#main" className="skip-link">
        {t('common.skipToContent')}
      </a>
      <header className="topbar">
        <Link to="/trusted-sellers" className="brand" aria-label={t('app.name')}>
          <Logo />
          <span className="brand-name">{t('app.name')}</span>
          <span className="brand-tag">{t('visibility.public.tagline')}</span>
        </Link>
        <nav className="vis-public-nav" aria-label={t('visibility.public.navLabel')}>
          <Link to="/trusted-sellers" data-testid="public-nav-trusted">
            {t('visibility.trusted.title')}
          </Link>
        </nav>
        <div className="topbar-right">
          <LanguageSwitcher compact />
          <Link to={`/login?next=${next}`} className="btn btn-primary btn-sm" data-testid="public-sign-in">
            {t('visibility.public.signIn')}
          </Link>
        </div>
      </header>
      <main id="main" className="main vis-public-main" tabIndex={-1}>
        <Outlet />
      </main>
      <footer className="vis-public-foot muted small">{t('visibility.public.footer')}</footer>
    </div>
  );
}
