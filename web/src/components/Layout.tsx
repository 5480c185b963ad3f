import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet, useNavigate } from 'react-router-dom';
import { isStaffUser } from '../lib/orders';
import { hasRole, primaryRole, REVIEWER_ROLES } from '../lib/roles';
import { CalendarBanner } from './CalendarBanner';
import { useUser, useSession } from '../lib/session';
import { LanguageSwitcher } from './LanguageSwitcher';
import { NotificationsBell } from './NotificationsBell';

export function Logo() {
  return (
    <svg width="28" height="28" viewBox="0 0 32 32" aria-hidden="true">
      <rect width="32" height="32" rx="7" fill="var(--brand)" />
      <path d="M16 5 7 9v6c0 5.6 3.8 10.4 9 12 5.2-1.6 9-6.4 9-12V9z" fill="#fff" opacity=".95" />
      <path d="m11.5 16 3 3 6-6.5" fill="none" stroke="var(--brand)" strokeWidth="2.6" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}

interface NavItem {
  to: string;
  label: string;
  testId: string;
  icon: ReactNode;
}

const icon = (d: string) => (
  <svg width="18" height="18" viewBox="0 0 24 24" aria-hidden="true">
    <path d={d} fill="none" stroke="currentColor" strokeWidth="1.7" strokeLinecap="round" strokeLinejoin="round" />
  </svg>
);

const ICONS = {
  application: icon('M7 3h7l5 5v13H7zM14 3v5h5M10 13h6M10 17h6'),
  profile: icon('M4 10l1.5-5h13L20 10M4 10h16v10H4zM9 20v-5h6v5'),
  queue: icon('M4 6h16M4 12h16M4 18h10'),
  sellers: icon('M16 11a4 4 0 1 0-8 0M4 20c1-4 4.5-5.5 8-5.5s7 1.5 8 5.5'),
  users: icon('M9 11a3.5 3.5 0 1 0 0-7 3.5 3.5 0 0 0 0 7zM2.5 20c.8-3.5 3.4-5 6.5-5s5.7 1.5 6.5 5M16 4.5a3.5 3.5 0 0 1 0 6.5M18 15c2 .6 3.2 2.2 3.5 5'),
  keys: icon('M14 10a4 4 0 1 1-3.9-4A4 4 0 0 1 14 10zm0 0h7m-3 0v3m-2-3v2'),
  webhooks: icon('M8 16a4 4 0 1 1 3-6.7L14 14M16 8a4 4 0 1 1-2 7.5H9M12 4.5a4 4 0 0 1 5 5.5l-3 4'),
  scorecard: icon('M4 20V10M10 20V4M16 20v-7M22 20H2'),
  home: icon('M3 11l9-7 9 7v9H3zM9 20v-6h6v6'),
  orders: icon('M6 3h12l1 4H5zM5 7h14v13H5zM9 11h6'),
  dispatch: icon('M3 7h11v9H3zM14 10h4l3 3v3h-7M7 19a2 2 0 1 0 0-4 2 2 0 0 0 0 4zm10 0a2 2 0 1 0 0-4 2 2 0 0 0 0 4z'),
  receive: icon('M12 3v10m0 0-4-4m4 4 4-4M4 15v5h16v-5'),
  qc: icon('M9 12l2 2 4-4M12 3l8 4v5c0 5-3.5 8-8 9-4.5-1-8-4-8-9V7z'),
  parcels: icon('M3 8l9-5 9 5v8l-9 5-9-5zM3 8l9 5 9-5M12 13v8'),
  search: icon('M11 18a7 7 0 1 0 0-14 7 7 0 0 0 0 14zM21 21l-5-5'),
  cases: icon('M4 5h16v11H8l-4 4zM8 9h8M8 12h5'),
  support: icon('M12 3a8 8 0 0 0-8 8v4h4v-5H5.5M12 3a8 8 0 0 1 8 8v4h-4v-5h2.5M16 19c0 1-1.5 2-4 2'),
  trusted: icon('M12 3l2.6 5.6 6 .7-4.5 4.1 1.2 6L12 16.4 6.7 19.4l1.2-6L3.4 9.3l6-.7z'),
  gavel: icon('M14 4l6 6M11 7l6 6M12.5 5.5l-6 6 3 3 6-6M8 13l-5 5 2 2 5-5M13 21h8'),
  flag: icon('M5 21V4M5 4h11l-2 4 2 4H5'),
  appeal: icon('M4 12a8 8 0 1 0 3-6.2M4 4v4h4'),
  policy: icon('M6 3h9l4 4v14H6zM9 9h6M9 13h7M9 17h4'),
  bulk: icon('M4 6h12M4 10h12M4 14h8M17 14l2 2 3-4M4 18h8'),
  audit: icon('M10 17a7 7 0 1 1 0-14 7 7 0 0 1 0 14zM15 15l6 6M7 10l2 2 4-4'),
  training: icon('M3 8l9-4 9 4-9 4zM7 10v5c3 2 7 2 10 0v-5M21 8v6'),
};

export function Layout() {
  const { t } = useTranslation();
  const user = useUser();
  const { signOut } = useSession();
  const navigate = useNavigate();
  const [navOpen, setNavOpen] = useState(false);

  const sections: { title: string; items: NavItem[] }[] = [];
  if (hasRole(user, 'buyer')) {
    sections.push({
      title: t('nav.buyerSection'),
      items: [
        { to: '/orders', label: t('nav.myOrders'), testId: 'nav-my-orders', icon: ICONS.orders },
        { to: '/cases', label: t('nav.myCases'), testId: 'nav-my-cases', icon: ICONS.cases },
        { to: '/search', label: t('nav.findSellers'), testId: 'nav-find-sellers', icon: ICONS.search },
        { to: '/trusted-sellers', label: t('nav.trustedSellers'), testId: 'nav-trusted-sellers', icon: ICONS.trusted },
      ],
    });
  }
  if (hasRole(user, 'seller')) {
    const items: NavItem[] = [];
    if ((user.sellers ?? []).length > 0) {
      items.push({ to: '/seller/orders', label: t('nav.sellerOrders'), testId: 'nav-seller-orders', icon: ICONS.dispatch });
      items.push({ to: '/seller/cases', label: t('nav.sellerCases'), testId: 'nav-seller-cases', icon: ICONS.cases });
    }
    items.push({ to: '/seller/application', label: t('nav.application'), testId: 'nav-application', icon: ICONS.application });
    if ((user.sellers ?? []).length > 0) items.push({ to: '/seller/scorecard', label: t('nav.scorecard'), testId: 'nav-scorecard', icon: ICONS.scorecard });
    if ((user.sellers ?? []).length > 0) items.push({ to: '/seller/profile', label: t('nav.shopProfile'), testId: 'nav-shop-profile', icon: ICONS.profile });
    if ((user.sellers ?? []).length > 0) items.push({ to: '/seller/reviews', label: t('visibility.navReviews'), testId: 'nav-seller-reviews', icon: ICONS.trusted });
    if ((user.sellers ?? []).length > 0) items.push({ to: '/seller/enforcement', label: t('nav.enforcement'), testId: 'nav-seller-enforcement', icon: ICONS.flag });
    if ((user.sellers ?? []).length > 0) items.push({ to: '/seller/training', label: t('nav.training'), testId: 'nav-training', icon: ICONS.training });
    if ((user.sellers ?? []).some((m) => m.memberRole === 'owner')) items.push({ to: '/seller/team', label: t('team.nav'), testId: 'nav-team', icon: ICONS.users });
    sections.push({ title: t('nav.sellerSection'), items });
  }
  if (hasRole(user, 'qc_inspector')) {
    sections.push({
      title: t('nav.warehouseSection'),
      items: [
        { to: '/warehouse/receive', label: t('nav.receive'), testId: 'nav-receive', icon: ICONS.receive },
        { to: '/warehouse/qc', label: t('nav.qc'), testId: 'nav-qc', icon: ICONS.qc },
        { to: '/warehouse/parcels', label: t('nav.parcels'), testId: 'nav-parcels', icon: ICONS.parcels },
        { to: '/warehouse/cases', label: t('nav.warehouseCases'), testId: 'nav-warehouse-cases', icon: ICONS.cases },
      ],
    });
  }
  if (isStaffUser(user)) {
    const items: NavItem[] = [];
    if (hasRole(user, 'support_agent', 'admin')) items.push({ to: '/support/queue', label: t('nav.caseQueue'), testId: 'nav-case-queue', icon: ICONS.support });
    if (hasRole(user, 'support_agent', 'admin')) items.push({ to: '/support/mediation', label: t('nav.mediation'), testId: 'nav-mediation', icon: ICONS.gavel });
    if (hasRole(user, 'support_agent', 'compliance_officer', 'admin')) items.push({ to: '/compliance/reviews', label: t('nav.reviewModeration'), testId: 'nav-review-moderation', icon: ICONS.queue });
    items.push({ to: '/staff/orders', label: t('nav.allOrders'), testId: 'nav-all-orders', icon: ICONS.search });
    sections.push({ title: t('nav.operationsSection'), items });
  }
  if (hasRole(user, ...REVIEWER_ROLES)) {
    sections.push({
      title: t('nav.complianceSection'),
      items: [
        { to: '/compliance/queue', label: t('nav.reviewQueue'), testId: 'nav-review-queue', icon: ICONS.queue },
        { to: '/compliance/sellers', label: t('nav.sellers'), testId: 'nav-sellers', icon: ICONS.sellers },
        { to: '/compliance/evaluation', label: t('nav.evaluation'), testId: 'nav-evaluation', icon: ICONS.scorecard },
        { to: '/compliance/search', label: t('nav.searchSellers'), testId: 'nav-search-sellers', icon: ICONS.search },
        { to: '/trusted-sellers', label: t('nav.trustedSellers'), testId: 'nav-trusted-sellers', icon: ICONS.trusted },
      ],
    });
    sections.push({
      title: t('nav.enforcementSection'),
      items: [
        { to: '/compliance/violations', label: t('nav.violations'), testId: 'nav-violations', icon: ICONS.flag },
        { to: '/compliance/appeals', label: t('nav.appeals'), testId: 'nav-appeals', icon: ICONS.appeal },
        { to: '/compliance/bulk', label: t('nav.bulkEnforcement'), testId: 'nav-bulk', icon: ICONS.bulk },
        { to: '/compliance/audits', label: t('nav.audits'), testId: 'nav-audits', icon: ICONS.audit },
        { to: '/compliance/policy', label: t('nav.policy'), testId: 'nav-policy', icon: ICONS.policy },
      ],
    });
  }
  if (hasRole(user, 'admin')) {
    sections.push({
      title: t('nav.adminSection'),
      items: [
        { to: '/admin/users', label: t('nav.users'), testId: 'nav-users', icon: ICONS.users },
        { to: '/admin/api-keys', label: t('nav.apiKeys'), testId: 'nav-api-keys', icon: ICONS.keys },
        { to: '/admin/webhooks', label: t('nav.webhooks'), testId: 'nav-webhooks', icon: ICONS.webhooks },
      ],
    });
  }
  if (sections.length === 0) {
    sections.push({ title: t('nav.generalSection'), items: [{ to: '/welcome', label: t('nav.home'), testId: 'nav-home', icon: ICONS.home }] });
  }

  const doSignOut = async () => {
    await signOut();
    navigate('/login', { replace: true });
  };

  return (
    <div className="shell">
      <a href="#main" className="skip-link">
        {t('common.skipToContent')}
      </a>
      <header className="topbar">
        <button
          type="button"
          className="icon-button topbar-icon nav-toggle"
          aria-label={t('nav.toggle')}
          aria-expanded={navOpen}
          aria-controls="sidenav"
          onClick={() => setNavOpen((o) => !o)}
        >
          {icon('M4 7h16M4 12h16M4 17h16')}
        </button>
        <NavLink to="/" className="brand" aria-label={t('app.name')}>
          <Logo />
          <span className="brand-name">{t('app.name')}</span>
          <span className="brand-tag">{t('app.tagline')}</span>
        </NavLink>
        <div className="topbar-right">
          <NotificationsBell />
          <LanguageSwitcher compact />
          <div className="user-chip" data-testid="current-user">
            <span className="avatar" aria-hidden="true">
              {user.name.trim().slice(0, 1).toUpperCase()}
            </span>
            <span className="user-text">
              <span className="user-name">{user.name}</span>
              <span className="user-role" data-testid="current-role">
                {t(`roles.${primaryRole(user)}`)}
              </span>
            </span>
          </div>
          <button type="button" className="btn btn-ghost btn-sm" onClick={doSignOut} data-testid="sign-out">
            {t('auth.signOut')}
          </button>
        </div>
      </header>
      <div className="body">
        <nav id="sidenav" className={`sidenav ${navOpen ? 'open' : ''}`} aria-label={t('nav.label')} onClick={() => setNavOpen(false)}>
          {sections.map((s) => (
            <div key={s.title} className="nav-section">
              <p className="nav-title">{s.title}</p>
              <ul>
                {s.items.map((item) => (
                  <li key={item.to}>
                    <NavLink to={item.to} data-testid={item.testId} className={({ isActive }) => (isActive ? 'active' : '')}>
                      {item.icon}
                      <span>{item.label}</span>
                    </NavLink>
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </nav>
        <main id="main" className="main" tabIndex={-1}>
          {isStaffUser(user) && <CalendarBanner />}
          <Outlet />
        </main>
      </div>
    </div>
  );
}
