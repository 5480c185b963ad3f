import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { SellerProfileView } from '../../components/SellerProfileView';
import { EmptyState, PageHeader } from '../../components/ui';
import { currentMembership } from '../../lib/sellers';
import { useUser } from '../../lib/session';

export function OwnProfilePage() {
  const { t } = useTranslation();
  const membership = currentMembership(useUser());
  if (!membership) {
    return (
      <div className="page">
        <PageHeader title={t('profile.title')} />
        <EmptyState title={t('profile.noSeller')}>
          <Link to="/seller/application" className="btn btn-primary">
            {t('profile.startApplication')}
          </Link>
        </EmptyState>
      </div>
    );
  }
  return <SellerProfileView sellerId={membership.sellerId} />;
}
