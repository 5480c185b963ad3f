import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { Card, PageHeader } from '../../components/ui';
import { primaryRole } from '../../lib/roles';
import { useUser } from '../../lib/session';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <div className="page narrow">
      <PageHeader title={t('pages.notFound.title')} subtitle={t('pages.notFound.body')} />
      <Link to="/" className="btn btn-secondary">
        {t('pages.backHome')}
      </Link>
    </div>
  );
}

export function ForbiddenPage() {
  const { t } = useTranslation();
  return (
    <div className="page narrow" data-testid="forbidden">
      <PageHeader title={t('pages.forbidden.title')} subtitle={t('pages.forbidden.body')} />
      <Link to="/" className="btn btn-secondary">
        {t('pages.backHome')}
      </Link>
    </div>
  );
}

/** Home for roles whose tools arrive in later releases (buyers, QC inspectors, support agents). */
export function WelcomePage() {
  const { t } = useTranslation();
  const user = useUser();
  return (
    <div className="page narrow">
      <PageHeader title={t('pages.welcome.title', { name: user.name })} subtitle={t('pages.welcome.role', { role: t(`roles.${primaryRole(user)}`) })} />
      <Card>
        <p>{t('pages.welcome.body')}</p>
      </Card>
    </div>
  );
}
