import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatBytes } from '../../lib/format';

export interface MediaItem {
  id: string;
  url: string;
  kind: 'photo' | 'video' | 'document';
  fileName: string;
  mediaType: string;
  sizeBytes: number;
  caption?: string | null;
}

/**
 * Photos and videos of a QC report or a message. Videos play in the page with the browser's own controls: the
 * server answers HTTP Range requests, so a long video starts at once and can be scrubbed without downloading it.
 */
export function MediaGallery({ items, testId }: { items: MediaItem[]; testId?: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<MediaItem | null>(null);
  useEffect(() => {
    if (!open) return;
    const esc = (e: KeyboardEvent) => e.key === 'Escape' && setOpen(null);
    document.addEventListener('keydown', esc);
    return () => document.removeEventListener('keydown', esc);
  }, [open]);
  if (items.length === 0) return null;
  const videos = items.filter((m) => m.kind === 'video');
  const photos = items.filter((m) => m.kind === 'photo');
  const docs = items.filter((m) => m.kind === 'document');
  return (
    <div className="gallery" data-testid={testId}>
      {videos.map((v) => (
        <figure key={v.id} className="gallery-video">
          <video controls preload="metadata" src={v.url} data-testid="media-video">
            <a href={v.url}>{v.fileName}</a>
          </video>
          <figcaption>
            {v.caption || v.fileName} · {formatBytes(v.sizeBytes)}
          </figcaption>
        </figure>
      ))}
      {photos.length > 0 && (
        <div className="gallery-photos">
          {photos.map((p, i) => (
            <button key={p.id} type="button" className="gallery-photo" onClick={() => setOpen(p)} aria-label={t('media.openPhoto', { n: i + 1 })} data-testid="media-photo">
              <img src={p.url} alt={p.caption ?? p.fileName} loading="lazy" />
              {p.caption && <span className="gallery-caption">{p.caption}</span>}
            </button>
          ))}
        </div>
      )}
      {docs.map((d) => (
        <a key={d.id} href={d.url} target="_blank" rel="noreferrer" className="gallery-doc">
          <span className="file-icon file-pdf" aria-hidden="true">
            PDF
          </span>
          {d.fileName} · {formatBytes(d.sizeBytes)}
        </a>
      ))}
      {open && (
        <div className="lightbox" role="dialog" aria-modal="true" aria-label={open.caption ?? open.fileName} onClick={() => setOpen(null)}>
          <img src={open.url} alt={open.caption ?? open.fileName} />
          <div className="lightbox-bar">
            <span>{open.caption ?? open.fileName}</span>
            <a href={open.url} target="_blank" rel="noreferrer" onClick={(e) => e.stopPropagation()}>
              {t('media.openOriginal')}
            </a>
            <button type="button" className="btn btn-secondary btn-sm" onClick={() => setOpen(null)}>
              {t('common.close')}
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
