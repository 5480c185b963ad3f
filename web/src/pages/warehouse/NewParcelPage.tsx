import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { parcelsApi } from '../../api/logistics';
import { ordersApi } from '../../api/orders';
import type { CarrierCode, OrderSummary } from '../../api/types';
import { ErrorBanner, serverFieldText } from '../../components/ErrorMessage';
import { Field } from '../../components/Field';
import { TrackingNumberField, type TrackingCheckState } from '../../components/TrackingNumberField';
import { Card, EmptyState, Loading, PageHeader } from '../../components/ui';
import { formatDateTime } from '../../lib/format';
import { formatMoney, minorDigits, parseMoney, toMajorInput } from '../../lib/money';
import { formatWeight } from '../../lib/orders';
import { useResource } from '../../lib/useResource';

const MAX_ORDERS = 50;

/** QC-passed orders not already in a parcel waiting to leave, grouped by buyer. */
async function loadReady() {
  const [orders, parcels] = await Promise.all([ordersApi.list({ status: 'qc_passed', limit: 200 }), parcelsApi.list({ status: 'created', limit: 200 })]);
  const packed = new Set(parcels.items.flatMap((p) => p.orders.map((o) => o.orderId)));
  const byBuyer = new Map<string, OrderSummary[]>();
  for (const o of orders.items) {
    if (packed.has(o.id)) continue;
    byBuyer.set(o.buyerId, [...(byBuyer.get(o.buyerId) ?? []), o]);
  }
  return byBuyer;
}

/** The weight the warehouse recorded for each order when it was received. */
async function receivedWeights(orderIds: string[]): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  await Promise.all(
    orderIds.map(async (id) => {
      try {
        const tr = await ordersApi.tracking(id);
        const receipt = tr.events.find((e) => e.type === 'received_at_warehouse');
        if (receipt && typeof receipt.data.weightGrams === 'number') out[id] = receipt.data.weightGrams;
      } catch {
        // a missing weight only leaves the suggestion incomplete
      }
    }),
  );
  return out;
}

/**
 * Builds an international parcel from one buyer's QC-passed orders: the orders, the declared weight (suggested
 * from the received weights) and value (suggested from the orders' totals), the carrier and its tracking number
 * checked as it is typed, and whether it is insured.
 */
export function NewParcelPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const ready = useResource(loadReady, []);
  const buyerId = params.get('buyer') ?? '';
  const orders = useMemo(() => ready.data?.get(buyerId) ?? [], [ready.data, buyerId]);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [weights, setWeights] = useState<Record<string, number>>({});
  const [weight, setWeight] = useState('');
  const [currency, setCurrency] = useState('');
  const [value, setValue] = useState('');
  const [carrier, setCarrier] = useState<CarrierCode | ''>('');
  const [tracking, setTracking] = useState('');
  const [check, setCheck] = useState<TrackingCheckState>('idle');
  const [submitReason, setSubmitReason] = useState<string | null>(null);
  const [insured, setInsured] = useState<'' | 'yes' | 'no'>('');
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  // Choosing a buyer selects all their orders and looks up the weights received.
  useEffect(() => {
    setSelected(new Set(orders.slice(0, MAX_ORDERS).map((o) => o.id)));
    setCurrency(orders[0]?.currency ?? '');
    setWeights({});
    if (orders.length) void receivedWeights(orders.map((o) => o.id)).then(setWeights);
  }, [orders]);

  const chosen = orders.filter((o) => selected.has(o.id));
  const currencies = [...new Set(chosen.map((o) => o.currency))];
  const suggestedWeight = chosen.reduce((sum, o) => sum + (weights[o.id] ?? 0), 0);
  const suggestedValue = chosen.filter((o) => o.currency === currency).reduce((sum, o) => sum + o.itemsTotal, 0);
  const weightsKnown = chosen.every((o) => weights[o.id] !== undefined);

  // Suggestions follow the selection until the inspector types their own.
  const [weightTouched, setWeightTouched] = useState(false);
  const [valueTouched, setValueTouched] = useState(false);
  useEffect(() => {
    if (!weightTouched) setWeight(suggestedWeight ? String(suggestedWeight) : '');
  }, [suggestedWeight, weightTouched]);
  useEffect(() => {
    if (!valueTouched && currency) setValue(suggestedValue ? toMajorInput(suggestedValue, currency) : '');
  }, [suggestedValue, currency, valueTouched]);

  const toggle = (id: string) =>
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else if (next.size < MAX_ORDERS) next.add(id);
      return next;
    });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found: Record<string, string> = {};
    const grams = Number(weight);
    const amount = parseMoney(value, currency || 'USD');
    if (chosen.length === 0) found.orderIds = t('parcels.form.chooseOrders');
    if (!Number.isInteger(grams) || grams < 1) found.declaredWeightGrams = t('warehouse.receive.weightInvalid', { max: (1_000_000).toLocaleString() });
    if (amount === null) found.declaredValue = t('parcels.form.valueInvalid', { digits: minorDigits(currency || 'USD') });
    if (!carrier) found.carrier = t('tracking.chooseCarrier');
    if (!tracking.trim()) found.trackingNumber = t('validation.required');
    if (!insured) found.insured = t('parcels.form.chooseInsurance');
    setErrors(found);
    if (Object.keys(found).length || !carrier || amount === null || check === 'invalid' || check === 'checking') return;
    setBusy(true);
    setError(null);
    try {
      const parcel = await parcelsApi.create({
        orderIds: chosen.map((o) => o.id),
        declaredWeightGrams: grams,
        declaredValue: { amount, currency },
        carrier,
        trackingNumber: tracking.trim(),
        insured: insured === 'yes',
      });
      navigate(`/warehouse/parcels/${parcel.id}`);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'invalid_tracking_number') {
        setSubmitReason(typeof err.extra.reason === 'string' ? err.extra.reason : err.detail);
      } else {
        setError(err);
        if (err instanceof ApiError) setErrors(Object.fromEntries(Object.entries(err.fields).map(([k, v]) => [k.split('.')[0], serverFieldText(t, i18n.language, v)])));
      }
    } finally {
      setBusy(false);
    }
  };

  const buyers = [...(ready.data?.entries() ?? [])].sort((a, b) => b[1].length - a[1].length);

  return (
    <div className="page">
      <PageHeader back={<Link to="/warehouse/parcels">← {t('parcels.title')}</Link>} title={t('parcels.new')} subtitle={t('parcels.form.subtitle')} />
      <ErrorBanner error={ready.error} />
      {ready.loading && !ready.data ? (
        <Loading />
      ) : buyers.length === 0 ? (
        <EmptyState title={t('parcels.form.noneReady')}>{t('parcels.form.noneReadyBody')}</EmptyState>
      ) : (
        <div className="grid-sidebar grid-sidebar-left">
          <Card title={t('parcels.form.buyers')} testId="parcel-buyers">
            <ul className="pick-list">
              {buyers.map(([id, list]) => (
                <li key={id}>
                  <button
                    type="button"
                    className={`pick ${id === buyerId ? 'active' : ''}`}
                    onClick={() => setParams({ buyer: id }, { replace: true })}
                    aria-pressed={id === buyerId}
                    data-testid={`parcel-buyer-${id}`}
                  >
                    <code className="id">{id}</code>
                    <span className="muted small">{t('parcels.form.readyCount', { count: list.length })}</span>
                  </button>
                </li>
              ))}
            </ul>
          </Card>
          {!buyerId || orders.length === 0 ? (
            <EmptyState title={t('parcels.form.pickBuyer')} />
          ) : (
            <form className="stack" onSubmit={submit} noValidate data-testid="parcel-form">
              <ErrorBanner error={error} />
              <Card title={t('parcels.form.orders')}>
                <ul className="check-list">
                  {orders.map((o) => (
                    <li key={o.id}>
                      <label className="checkbox">
                        <input type="checkbox" checked={selected.has(o.id)} onChange={() => toggle(o.id)} data-testid={`parcel-order-${o.id}`} />
                        <span>
                          <strong>{o.externalId}</strong>
                          <span className="muted small">
                            {' '}
                            · {formatMoney(o.itemsTotal, o.currency)} · {weights[o.id] !== undefined ? formatWeight(weights[o.id]) : t('parcels.form.weightUnknown')} ·{' '}
                            {t('parcels.form.passedOn', { date: formatDateTime(o.updatedAt) })}
                          </span>
                        </span>
                      </label>
                    </li>
                  ))}
                </ul>
                {errors.orderIds && <p className="field-error">{errors.orderIds}</p>}
              </Card>
              <Card title={t('parcels.declaration')}>
                <div className="grid-2">
                  <Field
                    label={t('parcels.declaredWeight')}
                    hint={suggestedWeight ? t('parcels.form.weightSuggested', { weight: formatWeight(suggestedWeight), partial: weightsKnown ? '' : t('parcels.form.partial') }) : undefined}
                    error={errors.declaredWeightGrams}
                    required
                  >
                    <div className="input-suffix">
                      <input
                        type="number"
                        min={1}
                        step={1}
                        inputMode="numeric"
                        value={weight}
                        onChange={(e) => {
                          setWeight(e.target.value);
                          setWeightTouched(true);
                        }}
                        data-testid="parcel-weight"
                      />
                      <span>{t('units.g')}</span>
                    </div>
                  </Field>
                  <Field label={t('parcels.declaredValue')} hint={suggestedValue ? t('parcels.form.valueSuggested', { amount: formatMoney(suggestedValue, currency) }) : undefined} error={errors.declaredValue} required>
                    <div className="input-prefix">
                      <select value={currency} onChange={(e) => setCurrency(e.target.value)} aria-label={t('parcels.form.currency')} data-testid="parcel-currency">
                        {(currencies.length ? currencies : [currency]).filter(Boolean).map((c) => (
                          <option key={c} value={c}>
                            {c}
                          </option>
                        ))}
                      </select>
                      <input
                        inputMode="decimal"
                        value={value}
                        onChange={(e) => {
                          setValue(e.target.value);
                          setValueTouched(true);
                        }}
                        data-testid="parcel-value"
                      />
                    </div>
                  </Field>
                </div>
                {currencies.length > 1 && <p className="callout callout-warning compact">{t('parcels.form.mixedCurrencies', { list: currencies.join(', ') })}</p>}
                <TrackingNumberField
                  carrier={carrier}
                  number={tracking}
                  onCarrierChange={(c) => {
                    setCarrier(c);
                    setSubmitReason(null);
                  }}
                  onNumberChange={(n) => {
                    setTracking(n);
                    setSubmitReason(null);
                  }}
                  onStateChange={setCheck}
                  submitError={submitReason}
                  carrierError={errors.carrier}
                  numberError={errors.trackingNumber}
                  testIdPrefix="parcel"
                  disabled={busy}
                  carrierLabel={t('parcels.form.carrier')}
                  numberLabel={t('parcels.form.tracking')}
                />
                <fieldset className={`field ${errors.insured ? 'field-invalid' : ''}`}>
                  <legend className="field-label">
                    {t('parcels.insurance')}
                    <span className="field-required" aria-hidden="true">
                      {' '}
                      *
                    </span>
                  </legend>
                  <div className="choice-cards">
                    <label className={`choice-card ${insured === 'yes' ? 'selected' : ''}`}>
                      <input type="radio" name="insured" checked={insured === 'yes'} onChange={() => setInsured('yes')} data-testid="parcel-insured-yes" />
                      <span className="choice-title">{t('parcels.insured')}</span>
                      <span className="choice-desc">{t('parcels.form.insuredHint')}</span>
                    </label>
                    <label className={`choice-card ${insured === 'no' ? 'selected' : ''}`}>
                      <input type="radio" name="insured" checked={insured === 'no'} onChange={() => setInsured('no')} data-testid="parcel-insured-no" />
                      <span className="choice-title">{t('parcels.notInsured')}</span>
                      <span className="choice-desc">{t('parcels.form.notInsuredHint')}</span>
                    </label>
                  </div>
                  {errors.insured && (
                    <p className="field-error" role="alert">
                      {errors.insured}
                    </p>
                  )}
                </fieldset>
              </Card>
              <div className="form-actions">
                <Link to="/warehouse/parcels" className="btn btn-secondary">
                  {t('common.cancel')}
                </Link>
                <button type="submit" className="btn btn-primary" disabled={busy} data-testid="parcel-submit">
                  {busy ? t('common.saving') : t('parcels.form.submit', { count: chosen.length })}
                </button>
              </div>
            </form>
          )}
        </div>
      )}
    </div>
  );
}
