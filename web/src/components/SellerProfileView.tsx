import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { sellersApi } from '../api/sellers';
import type { SellerProfile } from '../api/types';
import { formatDate } from '../lib/format';
import { useResource } from '../lib/useResource';
import { ErrorBanner } from './ErrorMessage';
import { SellerDetailsList } from './SellerDetails';
import { StatusBadge } from './StatusBadge';
import { Timeline } from './Timeline';
import { Card, DefinitionList, Loading, PageHeader } from './ui';

/** A seller's profile with its verification state and full timeline; shared by sellers and staff. */
export function SellerProfileView({ sellerId, actions, back }: { sellerId: string; actions?: (profile: SellerProfile) => ReactNode; back?: ReactNode }) {
  const { t } = useTranslation();
  const profile = useResource(() => sellersApi.profile(sellerId), [sellerId]);
  const timeline = useResource(() => sellersApi.timeline(sellerId), [sellerId]);

  if (profile.loading && !profile.data) return <Loading />;
  if (profile.error || !profile.data) {
    return (
      <div className="page">
        <PageHeader title={t('profile.title')} back={back} />
        <ErrorBanner error={profile.error} />
      </div>
    );
  }
  const { seller, verification, members, maySell } = profile.data;
  return (
    <div className="page" data-testid="seller-profile">
      <PageHeader
        back={back}
        title={seller.shopName}
        subtitle={
          <>
            {seller.legalName} · <code className="id">{seller.id}</code>
          </>
        }
        actions={
          <>
            <StatusBadge kind="seller" status={seller.status} testId="seller-status" />
            {actions?.(profile.data)}
          </>
        }
      />
      <div className="grid-sidebar">
        <div className="stack">
          <Card title={t('profile.details')}>
            <SellerDetailsList seller={seller} />
          </Card>
          <Card title={t('profile.timeline')} testId="timeline-card">
            {timeline.loading && !timeline.data ? <Loading /> : timeline.error ? <ErrorBanner error={timeline.error} /> : <Timeline entries={timeline.data?.items ?? []} />}
          </Card>
        </div>
        <div className="stack">
          <Card title={t('profile.verification')}>
            <DefinitionList
              items={[
                [t('profile.applicationStatus'), <StatusBadge kind="application" status={verification.status} testId="profile-application-status" />],
                [t('profile.maySell'), maySell ? t('common.yes') : t('common.no')],
                [t('profile.verifiedAt'), formatDate(seller.verifiedAt)],
                [t('profile.nextExpiry'), formatDate(verification.nextExpiry)],
                [t('profile.memberSince'), formatDate(seller.createdAt)],
              ]}
            />
            <ul className="doc-mini">
              {verification.requiredKinds.map((kind) => {
                const doc = verification.documents.find((d) => d.kind === kind);
                return (
                  <li key={kind}>
                    <span>{t(`documents.kind.${kind}.title`)}</span>
                    <StatusBadge kind="document" status={doc?.status ?? 'missing'} />
                  </li>
                );
              })}
            </ul>
          </Card>
          <Card title={t('profile.members')}>
            <ul className="members">
              {members.map((m) => (
                <li key={m.userId}>
                  <span className="avatar avatar-sm" aria-hidden="true">
                    {m.name.trim().slice(0, 1).toUpperCase()}
                  </span>
                  <span className="member-text">
                    <span>{m.name}</span>
                    <span className="muted small">{m.email}</span>
                  </span>
                  <span className="tag">{t(`profile.memberRole.${m.memberRole}`)}</span>
                </li>
              ))}
            </ul>
          </Card>
        </div>
      </div>
    </div>
  );
}
