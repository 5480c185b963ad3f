import { useTranslation } from 'react-i18next';
import { sellersApi } from '../api/sellers';

interface PreviewDoc {
  id: string;
  mediaType: string;
  fileName: string;
}

/** Shows a stored document inline: images as images, PDFs in the browser's viewer. */
export function DocumentPreview({ doc, compact }: { doc: PreviewDoc; compact?: boolean }) {
  const { t } = useTranslation();
  const url = sellersApi.documentUrl(doc.id);
  const isImage = doc.mediaType.startsWith('image/');
  const isPdf = doc.mediaType === 'application/pdf';
  return (
    <figure className={`preview ${compact ? 'preview-compact' : ''}`} data-testid={`preview-${doc.id}`}>
      {isImage ? (
        <img src={url} alt={t('documents.previewOf', { name: doc.fileName })} loading="lazy" />
      ) : isPdf ? (
        // Chromium's viewer: no thumbnail pane, page fitted to the width.
        <iframe src={`${url}#navpanes=0&view=FitH`} title={t('documents.previewOf', { name: doc.fileName })} />
      ) : (
        <p className="muted">{t('documents.noPreview')}</p>
      )}
      <figcaption>
        <a href={url} target="_blank" rel="noreferrer">
          {t('documents.openInNewTab')}
        </a>
      </figcaption>
    </figure>
  );
}
