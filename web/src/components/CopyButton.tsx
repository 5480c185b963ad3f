import { useState } from 'react';
import { useTranslation } from 'react-i18next';

export function CopyButton({ text, testId }: { text: string; testId?: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      // Clipboard API unavailable (plain http): fall back to a hidden text area.
      const area = document.createElement('textarea');
      area.value = text;
      area.setAttribute('readonly', '');
      area.style.position = 'fixed';
      area.style.opacity = '0';
      document.body.appendChild(area);
      area.select();
      document.execCommand('copy');
      area.remove();
    }
    setCopied(true);
    window.setTimeout(() => setCopied(false), 2000);
  };
  return (
    <button type="button" className="btn btn-secondary btn-sm" onClick={copy} data-testid={testId}>
      {copied ? t('common.copied') : t('common.copy')}
    </button>
  );
}

/** A secret shown once, with a copy button and the warning that it will not be shown again. */
export function SecretReveal({ secret, title, testId, onDismiss }: { secret: string; title: string; testId?: string; onDismiss?: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="callout callout-warning secret" data-testid={testId}>
      <p className="callout-title">{title}</p>
      <p className="callout-body">{t('common.secretOnce')}</p>
      <div className="secret-row">
        <code className="secret-value" data-testid={testId ? `${testId}-value` : undefined}>
          {secret}
        </code>
        <CopyButton text={secret} testId={testId ? `${testId}-copy` : undefined} />
        {onDismiss && (
          <button type="button" className="btn btn-ghost btn-sm" onClick={onDismiss} data-testid={testId ? `${testId}-dismiss` : undefined}>
            {t('common.dismiss')}
          </button>
        )}
      </div>
    </div>
  );
}
