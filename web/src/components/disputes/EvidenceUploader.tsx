import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EvidenceInput, EvidenceKind } from '../../api/disputes';
import { ChunkedUpload, type UploadKind, type UploadProgress } from '../../api/uploads';
import { formatBytes } from '../../lib/format';
import { errorText } from '../ErrorMessage';
import { ProgressBar } from '../ui';

/**
 * Evidence files, each uploaded as soon as it is chosen through the resumable uploader: its own progress bar, a
 * chunk that failed sent again on its own, and a Resume button if the connection stayed down. The form only
 * sends the ids of completed uploads.
 */

export interface EvidenceFile {
  key: string;
  kind: EvidenceKind;
  file: File;
  progress: UploadProgress;
  uploadId: string | null;
  error: unknown;
}

const ACCEPT: Record<UploadKind, string> = {
  photo: 'image/jpeg,image/png,image/webp,.jpg,.jpeg,.png,.webp',
  video: 'video/mp4,video/quicktime,video/webm,video/x-matroska,.mp4,.mov,.webm,.mkv',
  document: 'application/pdf,.pdf',
};

export const acceptFor = (kinds: UploadKind[]) => kinds.map((k) => ACCEPT[k]).join(',');

let seq = 0;

export function useEvidenceUploads() {
  const [files, setFiles] = useState<EvidenceFile[]>([]);
  const uploads = useRef(new Map<string, ChunkedUpload>());

  const patch = useCallback((key: string, p: Partial<EvidenceFile>) => setFiles((list) => list.map((f) => (f.key === key ? { ...f, ...p } : f))), []);

  const run = useCallback(
    (key: string) => {
      const u = uploads.current.get(key);
      if (!u) return;
      patch(key, { error: null });
      u.start().then(
        (done) => patch(key, { uploadId: done.id, error: null }),
        (err: unknown) => patch(key, { error: err }),
      );
    },
    [patch],
  );

  const add = useCallback(
    (kind: EvidenceKind, chosen: File[], accept: UploadKind[]) => {
      const added: EvidenceFile[] = chosen.map((file) => {
        const key = `ev${++seq}`;
        const u = new ChunkedUpload(file, { accept, onProgress: (progress) => patch(key, { progress }) });
        uploads.current.set(key, u);
        return { key, kind, file, uploadId: null, error: null, progress: { phase: 'hashing', fraction: 0, sentBytes: 0, totalBytes: file.size, chunk: null, totalChunks: 0, retries: 0, error: null } };
      });
      setFiles((list) => [...list, ...added]);
      for (const f of added) run(f.key);
    },
    [patch, run],
  );

  const remove = useCallback((key: string) => {
    // an upload still open is cancelled; a completed one not used as evidence expires on its own
    const u = uploads.current.get(key);
    if (u && !u.completed) u.abort();
    uploads.current.delete(key);
    setFiles((list) => list.filter((f) => f.key !== key));
  }, []);

  const reset = useCallback(() => {
    uploads.current.clear();
    setFiles([]);
  }, []);

  useEffect(
    () => () => {
      for (const u of uploads.current.values()) if (!u.completed) u.abort();
    },
    [],
  );

  const busy = files.some((f) => !f.uploadId && !f.error);
  const failed = files.some((f) => !f.uploadId && f.error);
  const evidence: EvidenceInput[] = files.filter((f) => f.uploadId).map((f) => ({ uploadId: f.uploadId!, kind: f.kind }));
  return { files, add, remove, resume: run, reset, busy, failed, evidence };
}

export type EvidenceUploads = ReturnType<typeof useEvidenceUploads>;

/** One kind of evidence: what to show, the file chooser and the files with their progress. */
export function EvidenceSlot({
  kind,
  title,
  hint,
  fileKinds,
  uploads,
  asked,
  disabled,
}: {
  kind: EvidenceKind;
  title: string;
  hint?: string;
  fileKinds: UploadKind[];
  uploads: EvidenceUploads;
  /** Part of the evidence set the guide asks for. */
  asked?: boolean;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  const id = useId();
  const mine = uploads.files.filter((f) => f.kind === kind);
  return (
    <div className={`evidence-slot ${asked ? 'evidence-asked' : ''} ${mine.some((f) => f.uploadId) ? 'evidence-has' : ''}`} data-testid={`slot-${kind}`}>
      <div className="evidence-slot-head">
        <label htmlFor={`${id}-file`} className="field-label">
          {title}
          {asked && <span className="tag tag-warning">{t('disputes.evidence.asked')}</span>}
        </label>
        {hint && <p className="field-hint">{hint}</p>}
      </div>
      <div className="file-picker">
        <input
          id={`${id}-file`}
          type="file"
          multiple={kind !== 'unboxing_video'}
          accept={acceptFor(fileKinds)}
          disabled={disabled}
          onChange={(e) => {
            if (e.target.files?.length) uploads.add(kind, [...e.target.files], fileKinds);
            e.target.value = '';
          }}
          data-testid={`evidence-${kind}`}
        />
        <label htmlFor={`${id}-file`} className="file-picker-button" aria-hidden="true">
          {t('files.add')}
        </label>
        <span className="file-picker-name">{mine.length ? t('files.chosen', { count: mine.length }) : t('files.none')}</span>
      </div>
      {mine.length > 0 && (
        <ul className="picked-list">
          {mine.map((f) => {
            const p = f.progress;
            const phase = f.uploadId ? 'done' : p.phase;
            return (
              <li key={f.key} className={f.error && !f.uploadId ? 'picked-error' : f.uploadId ? 'picked-done' : ''} data-testid={`upload-${kind}`} data-phase={phase}>
                <span className="picked-thumb picked-thumb-file" aria-hidden="true">
                  {f.file.type.startsWith('video/') ? '▶' : f.file.type === 'application/pdf' ? 'PDF' : '▣'}
                </span>
                <div className="picked-text">
                  <span className="picked-name">{f.file.name}</span>
                  <span className="muted small">
                    {formatBytes(f.file.size)}
                    {p.totalChunks > 1 && ` · ${t('disputes.upload.chunks', { done: Math.min(p.totalChunks, Math.floor((p.sentBytes / Math.max(1, p.totalBytes)) * p.totalChunks)), total: p.totalChunks })}`}
                    {p.retries > 0 && ` · ${t('disputes.upload.retries', { count: p.retries })}`}
                  </span>
                  {!f.uploadId && !(f.error && phase !== 'paused') && <ProgressBar value={p.fraction} label={t('files.uploading', { name: f.file.name })} testId={`upload-${kind}-progress`} />}
                  <span className={`small ${f.uploadId ? 'text-success' : f.error ? 'error-text' : 'muted'}`} data-testid={`upload-${kind}-phase`}>
                    {t(`disputes.upload.phase.${phase}`)}
                  </span>
                  {!!f.error && !f.uploadId && (
                    <span className="error-text small" role="alert">
                      {errorText(t, f.error)}
                    </span>
                  )}
                </div>
                {!!f.error && !f.uploadId && phase === 'paused' && (
                  <button type="button" className="btn btn-secondary btn-sm" onClick={() => uploads.resume(f.key)} data-testid={`upload-${kind}-resume`}>
                    {t('disputes.upload.resume')}
                  </button>
                )}
                {!disabled && (
                  <button type="button" className="btn btn-ghost btn-sm" onClick={() => uploads.remove(f.key)} aria-label={t('files.remove', { name: f.file.name })}>
                    {t('common.remove')}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
