import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from './Dialog';
import { ErrorBanner } from './ErrorMessage';
import { Field } from './Field';

interface Props {
  open: boolean;
  title: string;
  body?: ReactNode;
  label: string;
  hint?: string;
  submitLabel: string;
  tone?: 'primary' | 'danger';
  /** Whether a reason must be written (refusals, cancellations) or may be left empty. */
  required?: boolean;
  onClose: () => void;
  /** Runs the action; a thrown error is shown in the dialog, which stays open. */
  onSubmit: (reason: string) => Promise<void>;
  testId: string;
}

/** A dialog asking for a written reason before an action: a refusal, a cancellation, a decision. */
export function ReasonDialog({ open, title, body, label, hint, submitLabel, tone = 'primary', required = true, onClose, onSubmit, testId }: Props) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (open) {
      setReason('');
      setFieldError(null);
      setError(null);
    }
  }, [open]);

  const submit = async () => {
    if (required && !reason.trim()) {
      setFieldError(t('validation.required'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await onSubmit(reason.trim());
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open={open} title={title} onClose={() => !busy && onClose()} onSubmit={submit} busy={busy} submitLabel={submitLabel} submitTone={tone} testId={testId}>
      <ErrorBanner error={error} />
      {body && <div className="confirm-body">{body}</div>}
      <Field label={label} hint={hint} error={fieldError} required={required} optionalLabel={required ? undefined : t('common.optional')}>
        <textarea rows={4} maxLength={1000} value={reason} onChange={(e) => setReason(e.target.value)} data-testid={`${testId}-reason`} />
      </Field>
    </Dialog>
  );
}
