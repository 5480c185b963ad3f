import { useEffect, useRef, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface DialogProps {
  open: boolean;
  title: ReactNode;
  onClose: () => void;
  children: ReactNode;
  /** When given, the body is a form and this runs on submit. */
  onSubmit?: () => void;
  submitLabel?: ReactNode;
  submitTone?: 'primary' | 'danger';
  busy?: boolean;
  testId?: string;
  wide?: boolean;
}

/** A modal dialog on the native <dialog> element: focus is kept inside and Escape closes it. */
export function Dialog({ open, title, onClose, children, onSubmit, submitLabel, submitTone = 'primary', busy, testId, wide }: DialogProps) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (open && !el.open) el.showModal();
    if (!open && el.open) el.close();
  }, [open]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit?.();
  };

  return (
    <dialog
      ref={ref}
      className={`dialog ${wide ? 'dialog-wide' : ''}`}
      aria-labelledby={testId ? `${testId}-title` : undefined}
      data-testid={testId}
      onCancel={(e) => {
        e.preventDefault();
        if (!busy) onClose();
      }}
    >
      {open && (
        <form onSubmit={submit} noValidate>
          <div className="dialog-header">
            <h2 id={testId ? `${testId}-title` : undefined}>{title}</h2>
            <button type="button" className="icon-button" onClick={onClose} aria-label={t('common.close')} disabled={busy}>
              <svg width="18" height="18" viewBox="0 0 24 24" aria-hidden="true">
                <path d="M6 6l12 12M18 6L6 18" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
              </svg>
            </button>
          </div>
          <div className="dialog-body">{children}</div>
          <div className="dialog-footer">
            <button type="button" className="btn btn-secondary" onClick={onClose} disabled={busy} data-testid={testId ? `${testId}-cancel` : undefined}>
              {onSubmit ? t('common.cancel') : t('common.close')}
            </button>
            {onSubmit && (
              <button type="submit" className={`btn btn-${submitTone}`} disabled={busy} data-testid={testId ? `${testId}-submit` : undefined}>
                {submitLabel ?? t('common.save')}
              </button>
            )}
          </div>
        </form>
      )}
    </dialog>
  );
}
