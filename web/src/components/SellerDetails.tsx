import { useTranslation } from 'react-i18next';
import type { Seller } from '../api/types';
import { countryName } from '../lib/format';
import { DefinitionList } from './ui';

export function SellerDetailsList({ seller }: { seller: Seller }) {
  const { t } = useTranslation();
  return (
    <DefinitionList
      items={[
        [t('seller.fields.legalName'), seller.legalName],
        [t('seller.fields.shopName'), seller.shopName],
        [t('seller.fields.businessType'), t(`seller.businessType.${seller.businessType}`)],
        [t('seller.fields.location'), `${countryName(seller.country)} · ${seller.region}`],
        [t('seller.fields.contactName'), seller.contactName],
        [t('seller.fields.contactEmail'), seller.contactEmail],
        [t('seller.fields.contactPhone'), seller.contactPhone || '—'],
        [
          t('seller.fields.storefronts'),
          seller.storefronts?.length ? (
            <ul className="plain-list">
              {seller.storefronts.map((s, i) => (
                <li key={i}>
                  <span className="tag">{t(`seller.platforms.${s.platform}`, { defaultValue: s.platform })}</span>{' '}
                  {s.url ? (
                    <a href={s.url} target="_blank" rel="noreferrer noopener">
                      {s.name || s.url}
                    </a>
                  ) : (
                    s.name
                  )}
                </li>
              ))}
            </ul>
          ) : (
            '—'
          ),
        ],
      ]}
    />
  );
}
