import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, type UploadHandle } from '../../api/client';
import { sellersApi } from '../../api/sellers';
import type { DocumentKind, SellerDocument } from '../../api/types';
import { DocumentPreview } from '../../components/DocumentPreview';
import { errorText } from '../../components/ErrorMessage';
import { StatusBadge } from '../../components/StatusBadge';
import { ProgressBar } from '../../components/ui';
import { formatBytes, formatDate, formatDateTime, todayIso } from '../../lib/format';
import { ACCEPT_ATTR, acceptedFile, expiryRequired, MAX_UPLOAD_BYTES } from '../../lib/sellers';

interface Props {
  sellerId: string;
  kind: DocumentKind;
  doc: SellerDocument | undefined;
  required: boolean;
  canUpload: boolean;
  onUploaded: (doc: SellerDocument) => void;
}

/** One required document on the seller's side: its status, the reviewer's reason, the file, and (re-)upload. */
export function DocumentCard({ sellerId, kind, doc, required, canUpload, onUploaded }: Props) {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const [expiresOn, setExpiresOn] = useState(doc?.expiresOn ?? '');
  const [progress, setProgress] = useState<number | null>(null);
  const [errors, setErrors] = useState<{ file?: string; expiresOn?: string; upload?: string }>({});
  const [showPreview, setShowPreview] = useState(false);
  const [replacing, setReplacing] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const upload = useRef<UploadHandle<SellerDocument> | null>(null);
  const needsExpiry = expiryRequired(kind);
  const status = doc?.status ?? 'missing';
  const needsAttention = status === 'revision_requested' || status === 'rejected' || status === 'expired';

  useEffect(() => () => upload.current?.abort(), []);

  const choose = (f: File | null) => {
    setFile(f);
    const problems: typeof errors = {};
    if (f && !acceptedFile(f)) problems.file = t('documents.errors.type');
    else if (f && f.size > MAX_UPLOAD_BYTES) problems.file = t('documents.errors.size', { max: '15 MB' });
    else if (f && f.size === 0) problems.file = t('documents.errors.empty');
    setErrors(problems);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const problems: typeof errors = {};
    if (!file) problems.file = t('documents.errors.noFile');
    else if (!acceptedFile(file)) problems.file = t('documents.errors.type');
    else if (file.size > MAX_UPLOAD_BYTES) problems.file = t('documents.errors.size', { max: '15 MB' });
    if (needsExpiry && !expiresOn) problems.expiresOn = t('documents.errors.expiryRequired');
    else if (expiresOn && expiresOn < todayIso()) problems.expiresOn = t('documents.errors.expiryPast');
    setErrors(problems);
    if (Object.keys(problems).length || !file) return;
    setProgress(0);
    const handle = sellersApi.upload(sellerId, kind, file, expiresOn || null, setProgress);
    upload.current = handle;
    try {
      const saved = await handle.promise;
      setFile(null);
      if (fileInput.current) fileInput.current.value = '';
      setShowPreview(false);
      setReplacing(false);
      onUploaded(saved);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'aborted') {
        setErrors({});
      } else {
        const fieldError = err instanceof ApiError ? err.fields.expiresOn : undefined;
        setErrors(fieldError ? { expiresOn: errorText(t, err) } : { upload: errorText(t, err) });
      }
    } finally {
      upload.current = null;
      setProgress(null);
    }
  };

  const uploading = progress !== null;
  // A document that is fine stays folded; one that was sent back, or missing, shows the upload form at once.
  const showForm = canUpload && (!doc || needsAttention || replacing);
  const id = `doc-${kind}`;

  return (
    <article className={`doc-card ${needsAttention ? 'doc-attention' : ''}`} data-testid={`doc-card-${kind}`} aria-labelledby={`${id}-title`}>
      <header className="doc-head">
        <div>
          <h3 id={`${id}-title`} className="doc-title">
            {t(`documents.kind.${kind}.title`)}
            {!required && <span className="tag">{t('common.optional')}</span>}
          </h3>
          <p className="muted doc-hint">{t(`documents.kind.${kind}.hint`)}</p>
        </div>
        <StatusBadge kind="document" status={status} testId={`doc-status-${kind}`} />
      </header>

      {needsAttention && doc?.reviewReason && (
        <div className="reason" role="note" data-testid={`doc-reason-${kind}`}>
          <span className="reason-label">{t('documents.reviewerNote')}</span>
          <p>{doc.reviewReason}</p>
        </div>
      )}
      {status === 'expired' && !doc?.reviewReason && (
        <div className="reason" role="note">
          <p>{t('documents.expiredNote')}</p>
        </div>
      )}

      {doc && (
        <div className="doc-file">
          <FileIcon type={doc.mediaType} />
          <div className="doc-file-meta">
            <span className="doc-file-name" data-testid={`doc-file-name-${kind}`}>
              {doc.fileName}
            </span>
            <span className="muted">
              {t('documents.meta', {
                size: formatBytes(doc.sizeBytes),
                uploaded: formatDateTime(doc.uploadedAt),
                version: doc.version,
              })}
              {doc.expiresOn ? ` · ${t('documents.expiresOn', { date: formatDate(doc.expiresOn) })}` : ''}
            </span>
          </div>
          <button type="button" className="btn btn-ghost btn-sm" onClick={() => setShowPreview((s) => !s)} aria-expanded={showPreview} data-testid={`doc-view-${kind}`}>
            {showPreview ? t('documents.hide') : t('documents.view')}
          </button>
          {canUpload && !showForm && (
            <button type="button" className="btn btn-secondary btn-sm" onClick={() => setReplacing(true)} data-testid={`doc-replace-${kind}`}>
              {t('documents.replace')}
            </button>
          )}
        </div>
      )}
      {doc && showPreview && <DocumentPreview doc={doc} compact />}

      {showForm && (
        <form className="doc-upload" onSubmit={submit} noValidate>
          <div className="doc-upload-fields">
            <div className={`field ${errors.file ? 'field-invalid' : ''}`}>
              <label htmlFor={`${id}-file`} className="field-label">
                {doc ? t('documents.replaceFile') : t('documents.chooseFile')}
              </label>
              <div className="file-picker">
                <input
                  ref={fileInput}
                  id={`${id}-file`}
                  type="file"
                  accept={ACCEPT_ATTR}
                  onChange={(e) => choose(e.target.files?.[0] ?? null)}
                  disabled={uploading}
                  aria-invalid={errors.file ? true : undefined}
                  aria-describedby={`${id}-file-name ${id}-file-hint`}
                  data-testid={`doc-file-${kind}`}
                />
                <label htmlFor={`${id}-file`} className="file-picker-button" aria-hidden="true">
                  {t('documents.browse')}
                </label>
                <span id={`${id}-file-name`} className={`file-picker-name ${file ? 'chosen' : ''}`}>
                  {file ? `${file.name} · ${formatBytes(file.size)}` : t('documents.noFileChosen')}
                </span>
              </div>
              <p id={`${id}-file-hint`} className={errors.file ? 'field-error' : 'field-hint'} role={errors.file ? 'alert' : undefined}>
                {errors.file ?? t('documents.fileHint')}
              </p>
            </div>
            <div className={`field ${errors.expiresOn ? 'field-invalid' : ''}`}>
              <label htmlFor={`${id}-expiry`} className="field-label">
                {t('documents.expiryDate')}
                {needsExpiry ? <span className="field-required" aria-hidden="true"> *</span> : <span className="field-optional">{t('common.optional')}</span>}
              </label>
              <input
                id={`${id}-expiry`}
                type="date"
                min={todayIso()}
                value={expiresOn}
                onChange={(e) => setExpiresOn(e.target.value)}
                disabled={uploading}
                aria-invalid={errors.expiresOn ? true : undefined}
                aria-describedby={`${id}-expiry-hint`}
                aria-required={needsExpiry || undefined}
                data-testid={`doc-expiry-${kind}`}
              />
              <p id={`${id}-expiry-hint`} className={errors.expiresOn ? 'field-error' : 'field-hint'} role={errors.expiresOn ? 'alert' : undefined}>
                {errors.expiresOn ?? (needsExpiry ? t('documents.expiryHintRequired') : t('documents.expiryHintOptional'))}
              </p>
            </div>
          </div>
          {uploading && <ProgressBar value={progress ?? 0} label={t('documents.uploading', { name: file?.name ?? '' })} testId={`doc-progress-${kind}`} />}
          {errors.upload && (
            <p className="field-error" role="alert" data-testid={`doc-error-${kind}`}>
              {errors.upload}
            </p>
          )}
          <div className="doc-upload-actions">
            {replacing && !uploading && (
              <button
                type="button"
                className="btn btn-ghost btn-sm"
                onClick={() => {
                  setReplacing(false);
                  choose(null);
                }}
              >
                {t('common.cancel')}
              </button>
            )}
            {uploading ? (
              <button type="button" className="btn btn-secondary btn-sm" onClick={() => upload.current?.abort()}>
                {t('common.cancel')}
              </button>
            ) : (
              <button type="submit" className="btn btn-primary btn-sm" disabled={!file || !!errors.file} data-testid={`doc-upload-${kind}`}>
                {doc ? t('documents.reupload') : t('documents.upload')}
              </button>
            )}
          </div>
        </form>
      )}
    </article>
  );
}

function FileIcon({ type }: { type: string }) {
  const pdf = type === 'application/pdf';
  return (
    <span className={`file-icon ${pdf ? 'file-pdf' : 'file-img'}`} aria-hidden="true">
      {pdf ? 'PDF' : 'IMG'}
    </span>
  );
}
