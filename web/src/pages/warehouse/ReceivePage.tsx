import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { warehouseApi } from '../../api/logistics';
import type { WarehouseReceipt } from '../../api/types';
import { ErrorBanner, errorText } from '../../components/ErrorMessage';
import { Field } from '../../components/Field';
import { MultiFilePicker, type PickedFile } from '../../components/MultiFilePicker';
import { useToast } from '../../components/Toast';
import { Card, PageHeader } from '../../components/ui';
import { formatDateTime } from '../../lib/format';
import { formatWeight } from '../../lib/orders';

const MAX_PHOTO = 15 * 1024 * 1024;
const PHOTO_ACCEPT = '.jpg,.jpeg,.png,.webp,image/jpeg,image/png,image/webp';
const MAX_GRAMS = 1_000_000;

/**
 * A QC inspector scans a seller's parcel in: the tracking number on its label (a scanner types it and presses
 * Enter), its weight in grams, and photos, each uploaded with its progress. The receipt moves the order to
 * "received at the warehouse"; the parcels received in this session are listed below.
 */
export function ReceivePage() {
  const { t } = useTranslation();
  const toast = useToast();
  const [params] = useSearchParams();
  const orderId = params.get('order') ?? '';
  const [tracking, setTracking] = useState('');
  const [weight, setWeight] = useState('');
  const [notes, setNotes] = useState('');
  const [photos, setPhotos] = useState<PickedFile[]>([]);
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [receipt, setReceipt] = useState<WarehouseReceipt | null>(null);
  const [session, setSession] = useState<WarehouseReceipt[]>([]);
  const trackingInput = useRef<HTMLInputElement>(null);
  const weightInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (!orderId) trackingInput.current?.focus();
    else weightInput.current?.focus();
  }, [orderId]);

  const patchPhoto = (key: string, patch: Partial<PickedFile>) => setPhotos((list) => list.map((p) => (p.key === key ? { ...p, ...patch } : p)));

  /** Uploads the photos not yet sent, one after the other; returns those that arrived. */
  const uploadPhotos = async (target: WarehouseReceipt, list: PickedFile[]) => {
    const stored = [...target.photos];
    for (const p of list) {
      if (p.done) continue;
      patchPhoto(p.key, { progress: 0, error: null });
      try {
        const photo = await warehouseApi.uploadPhoto(target.id, p.file, (f) => patchPhoto(p.key, { progress: f })).promise;
        stored.push(photo);
        patchPhoto(p.key, { progress: 1, done: true });
      } catch (err) {
        patchPhoto(p.key, { progress: null, error: errorText(t, err) });
      }
    }
    return stored;
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found: Record<string, string> = {};
    const grams = Number(weight);
    if (!orderId && !tracking.trim()) found.trackingNumber = t('warehouse.receive.trackingRequired');
    if (!weight.trim()) found.weightGrams = t('validation.required');
    else if (!Number.isInteger(grams) || grams < 1 || grams > MAX_GRAMS) found.weightGrams = t('warehouse.receive.weightInvalid', { max: MAX_GRAMS.toLocaleString() });
    const big = photos.find((p) => p.file.size > MAX_PHOTO);
    if (big) found.photos = t('warehouse.receive.photoTooLarge', { name: big.file.name });
    setErrors(found);
    if (Object.keys(found).length) return;
    setBusy(true);
    setError(null);
    try {
      // A receipt already made in this form (its photos failed) is not made twice.
      const made =
        receipt ??
        (await warehouseApi.receive({
          ...(orderId ? { orderId } : { trackingNumber: tracking.trim() }),
          weightGrams: grams,
          ...(notes.trim() ? { notes: notes.trim() } : {}),
        }));
      setReceipt(made);
      const stored = await uploadPhotos(made, photos);
      const full = { ...made, photos: stored };
      setReceipt(full);
      setSession((list) => [full, ...list.filter((r) => r.id !== full.id)]);
      toast(t('warehouse.receive.done', { weight: formatWeight(made.weightGrams) }));
    } catch (err) {
      const aboutTheNumber = err instanceof ApiError && ['shipment_not_found', 'ambiguous_tracking_number', 'tracking_number_mismatch'].includes(err.code);
      // A problem with the scanned number is said beside the field; anything else above the form.
      setError(aboutTheNumber ? null : err);
      if (err instanceof ApiError) {
        const f: Record<string, string> = {};
        if (aboutTheNumber) f.trackingNumber = errorText(t, err);
        if (err.fields.weightGrams) f.weightGrams = t('warehouse.receive.weightInvalid', { max: MAX_GRAMS.toLocaleString() });
        setErrors(f);
      }
    } finally {
      setBusy(false);
    }
  };

  const reset = () => {
    setTracking('');
    setWeight('');
    setNotes('');
    setPhotos([]);
    setErrors({});
    setError(null);
    setReceipt(null);
    window.setTimeout(() => trackingInput.current?.focus(), 0);
  };

  const pendingPhotos = photos.filter((p) => !p.done).length;
  const finished = receipt !== null && pendingPhotos === 0;

  return (
    <div className="page">
      <PageHeader title={t('warehouse.receive.title')} subtitle={t('warehouse.receive.subtitle')} />
      <div className="grid-sidebar">
        <Card title={finished ? t('warehouse.receive.receivedTitle') : t('warehouse.receive.formTitle')} testId="receive-card">
          {finished && receipt ? (
            <div className="receipt-done" data-testid="receipt-done" data-receipt-id={receipt.id}>
              <div className="hero hero-success compact">
                <div>
                  <h2>{t('warehouse.receive.receivedHeadline', { weight: formatWeight(receipt.weightGrams) })}</h2>
                  <p>
                    {t('warehouse.receive.receivedBody', { count: receipt.photos.length })}{' '}
                    <Link to={`/orders/${receipt.orderId}`} data-testid="receipt-order-link">
                      {t('warehouse.receive.openOrder')}
                    </Link>
                  </p>
                </div>
              </div>
              <div className="form-actions">
                <button type="button" className="btn btn-primary" onClick={reset} data-testid="receive-next">
                  {t('warehouse.receive.next')}
                </button>
              </div>
            </div>
          ) : (
            <form className="form" onSubmit={submit} noValidate>
              <ErrorBanner error={error} testId="receive-error" />
              {receipt && (
                <div className="callout callout-warning compact">
                  <p className="callout-title">{t('warehouse.receive.photosPending')}</p>
                </div>
              )}
              {orderId ? (
                <div className="callout callout-info compact">
                  <p className="callout-title">{t('warehouse.receive.forOrder', { id: orderId })}</p>
                  <Link to="/warehouse/receive" className="small">
                    {t('warehouse.receive.scanInstead')}
                  </Link>
                </div>
              ) : (
                <Field label={t('warehouse.receive.tracking')} hint={t('warehouse.receive.trackingHint')} error={errors.trackingNumber} required>
                  <input
                    ref={trackingInput}
                    value={tracking}
                    onChange={(e) => setTracking(e.target.value)}
                    onKeyDown={(e) => {
                      // A scanner ends with Enter: go on to the weight instead of sending a half-filled form.
                      if (e.key === 'Enter' && !weight) {
                        e.preventDefault();
                        weightInput.current?.focus();
                      }
                    }}
                    disabled={busy || receipt !== null}
                    autoComplete="off"
                    spellCheck={false}
                    className="mono-input input-large"
                    data-testid="receive-tracking"
                  />
                </Field>
              )}
              <Field
                label={t('warehouse.receive.weight')}
                hint={Number(weight) >= 1000 && Number.isInteger(Number(weight)) ? formatWeight(Number(weight)) : t('warehouse.receive.weightHint')}
                error={errors.weightGrams}
                required
              >
                <div className="input-suffix">
                  <input
                    ref={weightInput}
                    type="number"
                    inputMode="numeric"
                    min={1}
                    max={MAX_GRAMS}
                    step={1}
                    value={weight}
                    onChange={(e) => setWeight(e.target.value)}
                    disabled={busy || receipt !== null}
                    className="input-large"
                    data-testid="receive-weight"
                  />
                  <span>{t('units.g')}</span>
                </div>
              </Field>
              <Field label={t('warehouse.receive.notes')} optionalLabel={t('common.optional')}>
                <textarea rows={2} maxLength={2000} value={notes} onChange={(e) => setNotes(e.target.value)} disabled={busy || receipt !== null} data-testid="receive-notes" />
              </Field>
              <MultiFilePicker
                files={photos}
                onAdd={(list) => setPhotos((p) => [...p, ...list])}
                onRemove={(key) => setPhotos((p) => p.filter((x) => x.key !== key))}
                accept={PHOTO_ACCEPT}
                label={t('warehouse.receive.photos')}
                hint={t('warehouse.receive.photosHint')}
                error={errors.photos}
                disabled={busy}
                testId="receive-photos"
              />
              <div className="form-actions">
                <button type="submit" className="btn btn-primary" disabled={busy} data-testid="receive-submit">
                  {busy ? t('common.saving') : receipt ? t('warehouse.receive.retryPhotos') : t('warehouse.receive.submit')}
                </button>
                {receipt && (
                  <button type="button" className="btn btn-ghost" onClick={() => setPhotos((p) => p.filter((x) => x.done))} disabled={busy}>
                    {t('warehouse.receive.skipPhotos')}
                  </button>
                )}
              </div>
            </form>
          )}
        </Card>
        <Card title={t('warehouse.receive.session')} testId="session-receipts">
          {session.length === 0 ? (
            <p className="muted">{t('warehouse.receive.sessionEmpty')}</p>
          ) : (
            <ul className="session-list">
              {session.map((r) => (
                <li key={r.id} data-testid={`session-receipt-${r.id}`}>
                  <Link to={`/orders/${r.orderId}`} className="cell-main">
                    {r.trackingNumber ?? r.orderId}
                  </Link>
                  <span className="muted small">
                    {formatWeight(r.weightGrams)} · {t('warehouse.receive.photoCount', { count: r.photos.length })} · {formatDateTime(r.receivedAt)}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
    </div>
  );
}
