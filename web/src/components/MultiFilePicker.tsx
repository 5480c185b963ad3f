import { useEffect, useId, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { formatBytes } from '../lib/format';
import { ProgressBar } from './ui';

export interface PickedFile {
  key: string;
  file: File;
  /** 0–1 while uploading, 1 when done, null before. */
  progress: number | null;
  done: boolean;
  error: string | null;
}

let next = 0;
export function pick(files: FileList | File[]): PickedFile[] {
  return [...files].map((file) => ({ key: `f${++next}`, file, progress: null, done: false, error: null }));
}

function Thumb({ file }: { file: File }) {
  const url = useMemo(() => (file.type.startsWith('image/') ? URL.createObjectURL(file) : null), [file]);
  useEffect(() => () => (url ? URL.revokeObjectURL(url) : undefined), [url]);
  if (url) return <img src={url} alt="" className="picked-thumb" />;
  return (
    <span className="picked-thumb picked-thumb-file" aria-hidden="true">
      {file.type.startsWith('video/') ? '▶' : '📄'}
    </span>
  );
}

/**
 * Several files chosen at once (photos of a parcel, evidence), each shown with a thumbnail, its size and its own
 * upload progress; the page does the uploading and reports progress back through `files`.
 */
export function MultiFilePicker({
  files,
  onAdd,
  onRemove,
  accept,
  label,
  hint,
  error,
  disabled,
  testId,
}: {
  files: PickedFile[];
  onAdd: (files: PickedFile[]) => void;
  onRemove: (key: string) => void;
  accept: string;
  label: string;
  hint?: string;
  error?: string | null;
  disabled?: boolean;
  testId: string;
}) {
  const { t } = useTranslation();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  return (
    <div className={`field ${error ? 'field-invalid' : ''}`}>
      <label htmlFor={`${id}-files`} className="field-label">
        {label}
        <span className="field-optional">{t('common.optional')}</span>
      </label>
      <div className="file-picker">
        <input
          ref={input}
          id={`${id}-files`}
          type="file"
          multiple
          accept={accept}
          disabled={disabled}
          onChange={(e) => {
            if (e.target.files?.length) onAdd(pick(e.target.files));
            e.target.value = '';
          }}
          data-testid={testId}
        />
        <label htmlFor={`${id}-files`} className="file-picker-button" aria-hidden="true">
          {t('files.add')}
        </label>
        <span className="file-picker-name">{files.length ? t('files.chosen', { count: files.length }) : t('files.none')}</span>
      </div>
      <p className={error ? 'field-error' : 'field-hint'} role={error ? 'alert' : undefined}>
        {error ?? hint}
      </p>
      {files.length > 0 && (
        <ul className="picked-list" data-testid={`${testId}-list`}>
          {files.map((f) => (
            <li key={f.key} className={f.error ? 'picked-error' : f.done ? 'picked-done' : ''}>
              <Thumb file={f.file} />
              <div className="picked-text">
                <span className="picked-name">{f.file.name}</span>
                <span className="muted small">{formatBytes(f.file.size)}</span>
                {f.progress !== null && !f.done && <ProgressBar value={f.progress} label={t('files.uploading', { name: f.file.name })} testId={`${testId}-progress`} />}
                {f.done && <span className="text-success small">{t('files.uploaded')}</span>}
                {f.error && (
                  <span className="error-text small" role="alert">
                    {f.error}
                  </span>
                )}
              </div>
              {!disabled && !f.done && (
                <button type="button" className="btn btn-ghost btn-sm" onClick={() => onRemove(f.key)} aria-label={t('files.remove', { name: f.file.name })}>
                  {t('common.remove')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
