import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { casesApi } from '../../api/cases';
import type { PostalAddress } from '../../api/types';
import { countryName } from '../../lib/format';
import { COUNTRIES } from '../../lib/sellers';
import { useResource } from '../../lib/useResource';
import { Dialog } from '../Dialog';
import { ErrorBanner, serverFieldText } from '../ErrorMessage';
import { Field } from '../Field';
import { useToast } from '../Toast';

const EMPTY: PostalAddress = { name: '', phone: '', country: 'CN', province: '', city: '', district: '', addressLine: '', postalCode: '' };
const REQUIRED: (keyof PostalAddress)[] = ['name', 'phone', 'country', 'province', 'city', 'addressLine'];

/** Where returns go: printed on every return label issued afterwards. The shop's members set it. */
export function ReturnAddressCard({ sellerId }: { sellerId: string }) {
  const { t, i18n } = useTranslation();
  const toast = useToast();
  const address = useResource(() => casesApi.returnAddress(sellerId), [sellerId]);
  const [editing, setEditing] = useState(false);
  const [form, setForm] = useState<PostalAddress>(EMPTY);
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const a = address.data;
  if (!a) return null;

  const open = () => {
    setForm(a.source === 'none' ? EMPTY : { name: a.name, phone: a.phone, country: a.country, province: a.province, city: a.city, district: a.district, addressLine: a.addressLine, postalCode: a.postalCode });
    setErrors({});
    setError(null);
    setEditing(true);
  };
  const save = async () => {
    const found: Record<string, string> = {};
    for (const k of REQUIRED) if (!form[k].trim()) found[k] = t('validation.required');
    setErrors(found);
    if (Object.keys(found).length) return;
    setBusy(true);
    setError(null);
    try {
      address.setData(await casesApi.setReturnAddress(sellerId, form));
      setEditing(false);
      toast(t('returnAddress.saved'));
    } catch (err) {
      setError(err);
      if (err instanceof ApiError) setErrors(Object.fromEntries(Object.entries(err.fields).map(([k, v]) => [k, serverFieldText(t, i18n.language, v)])));
    } finally {
      setBusy(false);
    }
  };
  const input = (k: keyof PostalAddress, label: string, required = true) => (
    <Field label={label} error={errors[k]} required={required} optionalLabel={required ? undefined : t('common.optional')}>
      <input value={form[k]} onChange={(e) => setForm({ ...form, [k]: e.target.value })} data-testid={`return-address-${k}`} />
    </Field>
  );

  return (
    <div className={`callout ${a.source === 'none' ? 'callout-warning' : 'callout-info'} return-address`} data-testid="return-address">
      <div className="callout-row">
        <div>
          <p className="callout-title">{a.source === 'none' ? t('returnAddress.missing') : t('returnAddress.title')}</p>
          <p className="callout-body">
            {a.source === 'none'
              ? t('returnAddress.missingBody')
              : `${a.name} · ${a.phone} · ${[countryName(a.country), a.province, a.city, a.district, a.addressLine, a.postalCode].filter(Boolean).join(' ')}`}
          </p>
        </div>
        <button type="button" className="btn btn-secondary btn-sm" onClick={open} data-testid="return-address-edit">
          {a.source === 'none' ? t('returnAddress.set') : t('common.edit')}
        </button>
      </div>
      <Dialog open={editing} title={t('returnAddress.title')} onClose={() => !busy && setEditing(false)} onSubmit={save} busy={busy} testId="return-address-dialog" wide>
        <ErrorBanner error={error} />
        <p className="muted">{t('returnAddress.hint')}</p>
        <div className="grid-2">
          {input('name', t('returnAddress.name'))}
          {input('phone', t('returnAddress.phone'))}
        </div>
        <div className="grid-3">
          <Field label={t('returnAddress.country')} error={errors.country} required>
            <select value={form.country} onChange={(e) => setForm({ ...form, country: e.target.value })} data-testid="return-address-country">
              {COUNTRIES.map((c) => (
                <option key={c} value={c}>
                  {countryName(c)}
                </option>
              ))}
            </select>
          </Field>
          {input('province', t('returnAddress.province'))}
          {input('city', t('returnAddress.city'))}
        </div>
        <div className="grid-3">
          {input('district', t('returnAddress.district'), false)}
          {input('postalCode', t('returnAddress.postalCode'), false)}
        </div>
        {input('addressLine', t('returnAddress.addressLine'))}
      </Dialog>
    </div>
  );
}
