import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { SellerProfileView } from '../../components/SellerProfileView';

export function SellerProfilePage() {
  const { t } = useTranslation();
  const { sellerId = '' } = useParams();
  return (
    <SellerProfileView
      sellerId={sellerId}
      back={<Link to="/compliance/sellers">← {t('sellers.title')}</Link>}
      actions={() => (
        <>
        <Link to={`/compliance/sellers/${encodeURIComponent(sellerId)}/scorecard`} className="btn btn-secondary btn-sm" data-testid="open-scorecard">
          {t('scorecard.viewScorecard')}
        </Link>
        <Link to={`/compliance/sellers/${encodeURIComponent(sellerId)}/enforcement`} className="btn btn-secondary btn-sm" data-testid="open-enforcement-file">
          {t('enforcement.file.open')}
        </Link>
        <Link to={`/compliance/applications/${sellerId}`} className="btn btn-primary btn-sm" data-testid="open-application">
          {t('profile.openApplication')}
        </Link>
        </>
      )}
    />
  );
}
