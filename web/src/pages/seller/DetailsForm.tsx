import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { sellersApi } from '../../api/sellers';
import type { ApplicationView, BusinessType, Seller, SellerInput, Storefront } from '../../api/types';
import { ErrorBanner, serverFieldText } from '../../components/ErrorMessage';
import { Field } from '../../components/Field';
import { countryName } from '../../lib/format';
import { COUNTRIES, STOREFRONT_PLATFORMS } from '../../lib/sellers';

interface FormState {
  legalName: string;
  shopName: string;
  country: string;
  region: string;
  businessType: BusinessType | '';
  contactName: string;
  contactEmail: string;
  contactPhone: string;
  storefronts: { platform: string; name: string; url: string }[];
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9][0-9\s()-]{4,24}$/;

function isHttpUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return (u.protocol === 'http:' || u.protocol === 'https:') && !!u.hostname;
  } catch {
    return false;
  }
}

function fromSeller(seller: Seller | null, defaults: { contactName: string; contactEmail: string }): FormState {
  return {
    legalName: seller?.legalName ?? '',
    shopName: seller?.shopName ?? '',
    country: seller?.country ?? 'CN',
    region: seller?.region ?? '',
    businessType: seller?.businessType ?? '',
    contactName: seller?.contactName ?? defaults.contactName,
    contactEmail: seller?.contactEmail ?? defaults.contactEmail,
    contactPhone: seller?.contactPhone ?? '',
    storefronts: seller?.storefronts?.length
      ? seller.storefronts.map((s) => ({ platform: s.platform, name: s.name ?? '', url: s.url ?? '' }))
      : [{ platform: '', name: '', url: '' }],
  };
}

function toInput(f: FormState): SellerInput {
  return {
    legalName: f.legalName.trim(),
    shopName: f.shopName.trim(),
    country: f.country,
    region: f.region.trim(),
    businessType: f.businessType as BusinessType,
    contactName: f.contactName.trim(),
    contactEmail: f.contactEmail.trim(),
    contactPhone: f.contactPhone.trim() || null,
    storefronts: f.storefronts.map((s) => {
      const out: Storefront = { platform: s.platform };
      if (s.name.trim()) out.name = s.name.trim();
      if (s.url.trim()) out.url = s.url.trim();
      return out;
    }),
  };
}

interface Props {
  seller: Seller | null;
  defaults: { contactName: string; contactEmail: string };
  editable: boolean;
  onSaved: (saved: ApplicationView | null) => void;
}

/** Step 1: the seller organisation's details. Creates the seller the first time, then updates it. */
export function DetailsForm({ seller, defaults, editable, onSaved }: Props) {
  const { t, i18n } = useTranslation();
  const initial = useMemo(() => fromSeller(seller, defaults), [seller, defaults]);
  const [form, setForm] = useState<FormState>(initial);
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const countries = useMemo(() => {
    const codes = new Set(COUNTRIES);
    if (form.country) codes.add(form.country);
    return [...codes].map((code) => ({ code, name: countryName(code) }));
  }, [i18n.language, form.country]);

  const set = <K extends keyof FormState>(key: K, value: FormState[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    if (errors[key]) setErrors((e) => ({ ...e, [key]: undefined }));
  };
  const setStorefront = (i: number, key: 'platform' | 'name' | 'url', value: string) => {
    setForm((f) => ({ ...f, storefronts: f.storefronts.map((s, j) => (j === i ? { ...s, [key]: value } : s)) }));
    const field = `storefronts.${i}.${key}`;
    if (errors[field]) setErrors((e) => ({ ...e, [field]: undefined }));
  };

  const validate = (f: FormState): Record<string, string> => {
    const found: Record<string, string> = {};
    const required = t('validation.required');
    if (!f.legalName.trim()) found.legalName = required;
    else if (f.legalName.trim().length > 200) found.legalName = t('validation.maxLength', { max: 200 });
    if (!f.shopName.trim()) found.shopName = required;
    else if (f.shopName.trim().length > 120) found.shopName = t('validation.maxLength', { max: 120 });
    if (!f.country) found.country = required;
    if (!f.region.trim()) found.region = required;
    if (!f.businessType) found.businessType = t('seller.details.chooseBusinessType');
    if (!f.contactName.trim()) found.contactName = required;
    if (!f.contactEmail.trim()) found.contactEmail = required;
    else if (!EMAIL.test(f.contactEmail.trim())) found.contactEmail = t('validation.email');
    if (f.contactPhone.trim() && !PHONE.test(f.contactPhone.trim())) found.contactPhone = t('validation.phone');
    if (f.storefronts.length === 0) found.storefronts = t('seller.details.storefrontRequired');
    f.storefronts.forEach((s, i) => {
      if (!s.platform) found[`storefronts.${i}.platform`] = required;
      if (s.url.trim() && !isHttpUrl(s.url.trim())) found[`storefronts.${i}.url`] = t('validation.url');
      if (!s.url.trim() && !s.name.trim()) found[`storefronts.${i}.name`] = t('seller.details.storefrontNameOrUrl');
    });
    return found;
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!editable) {
      onSaved(null);
      return;
    }
    const found = validate(form);
    setErrors(found);
    if (Object.keys(found).length) {
      setError(null);
      // Bring the first problem into view for keyboard and screen-reader users.
      requestAnimationFrame(() => document.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const input = toInput(form);
      const saved = seller ? await sellersApi.update(seller.id, input) : await sellersApi.create(input);
      onSaved(saved);
    } catch (err) {
      setError(err);
      if (err instanceof ApiError) {
        setErrors(Object.fromEntries(Object.entries(err.fields).map(([k, v]) => [k, serverFieldText(t, i18n.language, v)])));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate className="form" data-testid="details-form">
      <ErrorBanner error={error} />
      <fieldset disabled={!editable || busy} className="form-section">
        <legend className="section-title">{t('seller.details.businessSection')}</legend>
        <fieldset className="field">
          <legend className="field-label">
            {t('seller.details.businessType')}
            <span className="field-required" aria-hidden="true"> *</span>
          </legend>
          <div className="choice-cards">
            {(['individual', 'company'] as const).map((type) => (
              <label key={type} className={`choice-card ${form.businessType === type ? 'selected' : ''}`}>
                <input
                  type="radio"
                  name="businessType"
                  value={type}
                  checked={form.businessType === type}
                  onChange={() => set('businessType', type)}
                  data-testid={`details-business-${type}`}
                  aria-invalid={errors.businessType ? true : undefined}
                />
                <span className="choice-title">{t(`seller.businessType.${type}`)}</span>
                <span className="choice-desc">{t(`seller.details.businessTypeDesc.${type}`)}</span>
              </label>
            ))}
          </div>
          {errors.businessType && (
            <p className="field-error" role="alert">
              {errors.businessType}
            </p>
          )}
        </fieldset>
        <div className="grid-2">
          <Field label={t('seller.fields.legalName')} hint={t('seller.details.legalNameHint')} error={errors.legalName} required>
            <input value={form.legalName} onChange={(e) => set('legalName', e.target.value)} data-testid="details-legal-name" maxLength={200} />
          </Field>
          <Field label={t('seller.fields.shopName')} hint={t('seller.details.shopNameHint')} error={errors.shopName} required>
            <input value={form.shopName} onChange={(e) => set('shopName', e.target.value)} data-testid="details-shop-name" maxLength={120} />
          </Field>
          <Field label={t('seller.fields.country')} error={errors.country} required>
            <select value={form.country} onChange={(e) => set('country', e.target.value)} data-testid="details-country">
              {countries.map((c) => (
                <option key={c.code} value={c.code}>
                  {c.name}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('seller.fields.region')} hint={t('seller.details.regionHint')} error={errors.region} required>
            <input value={form.region} onChange={(e) => set('region', e.target.value)} data-testid="details-region" maxLength={100} />
          </Field>
        </div>
      </fieldset>

      <fieldset disabled={!editable || busy} className="form-section">
        <legend className="section-title">{t('seller.details.contactSection')}</legend>
        <div className="grid-3">
          <Field label={t('seller.fields.contactName')} error={errors.contactName} required>
            <input autoComplete="name" value={form.contactName} onChange={(e) => set('contactName', e.target.value)} data-testid="details-contact-name" />
          </Field>
          <Field label={t('seller.fields.contactEmail')} error={errors.contactEmail} required>
            <input type="email" autoComplete="email" value={form.contactEmail} onChange={(e) => set('contactEmail', e.target.value)} data-testid="details-contact-email" />
          </Field>
          <Field label={t('seller.fields.contactPhone')} hint={t('seller.details.phoneHint')} error={errors.contactPhone} optionalLabel={t('common.optional')}>
            <input type="tel" autoComplete="tel" value={form.contactPhone} onChange={(e) => set('contactPhone', e.target.value)} data-testid="details-contact-phone" />
          </Field>
        </div>
      </fieldset>

      <fieldset disabled={!editable || busy} className="form-section">
        <legend className="section-title">{t('seller.details.storefrontsSection')}</legend>
        <p className="muted section-hint">{t('seller.details.storefrontsHint')}</p>
        {errors.storefronts && (
          <p className="field-error" role="alert">
            {errors.storefronts}
          </p>
        )}
        <div className="storefronts">
          {form.storefronts.map((s, i) => (
            <div key={i} className="storefront-row" data-testid={`storefront-${i}`}>
              <Field label={t('seller.fields.platform')} error={errors[`storefronts.${i}.platform`]} required>
                <select value={s.platform} onChange={(e) => setStorefront(i, 'platform', e.target.value)} data-testid={`storefront-platform-${i}`}>
                  <option value="">{t('common.choose')}</option>
                  {STOREFRONT_PLATFORMS.map((p) => (
                    <option key={p} value={p}>
                      {t(`seller.platforms.${p}`)}
                    </option>
                  ))}
                  {s.platform && !STOREFRONT_PLATFORMS.includes(s.platform) && <option value={s.platform}>{s.platform}</option>}
                </select>
              </Field>
              <Field label={t('seller.fields.storefrontName')} error={errors[`storefronts.${i}.name`]}>
                <input value={s.name} onChange={(e) => setStorefront(i, 'name', e.target.value)} data-testid={`storefront-name-${i}`} />
              </Field>
              <Field label={t('seller.fields.storefrontUrl')} error={errors[`storefronts.${i}.url`]}>
                <input type="url" inputMode="url" placeholder="https://" value={s.url} onChange={(e) => setStorefront(i, 'url', e.target.value)} data-testid={`storefront-url-${i}`} />
              </Field>
              <button
                type="button"
                className="btn btn-ghost btn-sm storefront-remove"
                onClick={() => setForm((f) => ({ ...f, storefronts: f.storefronts.filter((_, j) => j !== i) }))}
                disabled={form.storefronts.length === 1}
                aria-label={t('seller.details.removeStorefront', { n: i + 1 })}
              >
                {t('common.remove')}
              </button>
            </div>
          ))}
        </div>
        {form.storefronts.length < 10 && (
          <button
            type="button"
            className="btn btn-secondary btn-sm"
            onClick={() => setForm((f) => ({ ...f, storefronts: [...f.storefronts, { platform: '', name: '', url: '' }] }))}
            data-testid="storefront-add"
          >
            + {t('seller.details.addStorefront')}
          </button>
        )}
      </fieldset>

      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy} data-testid="details-submit">
          {busy ? t('common.saving') : editable ? t('seller.details.saveAndContinue') : t('common.next')}
        </button>
      </div>
    </form>
  );
}
