import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { pick, trainingApi, type EditorModule, type EditorQuestion, type ModuleBody } from '../../api/training';
import { ErrorBanner } from '../../components/ErrorMessage';
import { Field } from '../../components/Field';
import { useToast } from '../../components/Toast';
import { Card, EmptyState, Loading, PageHeader } from '../../components/ui';
import { formatDateTime } from '../../lib/format';
import { useResource } from '../../lib/useResource';
import { TrainingContent } from './Content';

const STATUS_TONE: Record<string, string> = { draft: 'neutral', published: 'success', archived: 'warning' };

function StatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <span className={`badge badge-${STATUS_TONE[status] ?? 'neutral'}`} data-status={status}>
      <span className="badge-dot" aria-hidden="true" />
      {t(`training.status.${status}`)}
    </span>
  );
}

/** Staff: every module, its state and how many sellers completed it; publish, archive, edit. */
export function StaffTrainingPage() {
  const { t, i18n } = useTranslation();
  const toast = useToast();
  const list = useResource(() => trainingApi.all(), []);
  const [error, setError] = useState<unknown>(null);

  async function act(m: EditorModule, event: 'publish' | 'archive') {
    setError(null);
    try {
      await trainingApi.transition(m.id, event);
      toast(t(`training.staff.done.${event}`));
      await list.reload();
    } catch (err) {
      setError(err);
    }
  }

  if (list.loading && !list.data) return <Loading />;
  const modules = list.data?.modules ?? [];
  return (
    <div className="page" data-testid="training-staff-page">
      <PageHeader
        title={t('training.staff.title')}
        subtitle={t('training.staff.subtitle')}
        actions={
          <Link className="btn btn-primary" to="/compliance/training/new" data-testid="training-new">
            {t('training.staff.new')}
          </Link>
        }
      />
      <ErrorBanner error={list.error ?? error} />
      <Card>
        {modules.length === 0 ? (
          <EmptyState title={t('training.empty')} />
        ) : (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th>{t('training.staff.col.module')}</th>
                  <th>{t('training.staff.col.status')}</th>
                  <th className="num">{t('training.staff.col.version')}</th>
                  <th className="num">{t('training.staff.col.questions')}</th>
                  <th className="num">{t('training.staff.col.completed')}</th>
                  <th>{t('training.staff.col.updated')}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {modules.map((m) => (
                  <tr key={m.id} data-testid={`staff-module-${m.slug}`}>
                    <td>
                      <Link to={`/compliance/training/${encodeURIComponent(m.id)}`}>
                        <strong>{pick(m.title, i18n.language)}</strong>
                      </Link>
                      <div className="cell-sub">{m.slug}</div>
                    </td>
                    <td>
                      <StatusBadge status={m.status} />
                    </td>
                    <td className="num">v{m.version}</td>
                    <td className="num">{m.questionCount}</td>
                    <td className="num">{m.sellersCompleted ?? 0}</td>
                    <td className="nowrap small">{formatDateTime(m.updatedAt)}</td>
                    <td className="nowrap">
                      {m.actions.map((a) => (
                        <button key={a} type="button" className="btn btn-secondary btn-sm" onClick={() => void act(m, a)} data-testid={`staff-${a}-${m.slug}`}>
                          {t(`training.staff.action.${a}`)}
                        </button>
                      ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </div>
  );
}

const emptyQuestion = (n: number): EditorQuestion => ({
  id: `q${n}`,
  prompt: { en: '', zh: '' },
  options: [
    { en: '', zh: '' },
    { en: '', zh: '' },
  ],
  answers: [0],
});

const emptyBody = (): ModuleBody => ({
  title: { en: '', zh: '' },
  summary: { en: '', zh: '' },
  content: { en: '', zh: '' },
  questions: [emptyQuestion(1)],
  passMark: 0.8,
  position: 0,
});

/** Staff: create a module or edit one (a change to a published module's text or quiz makes a new version). */
export function TrainingEditorPage() {
  const { id = 'new' } = useParams();
  const isNew = id === 'new';
  const existing = useResource(() => (isNew ? Promise.resolve(null) : trainingApi.editorModule(id)), [id]);
  if (!isNew && existing.loading && !existing.data) return <Loading />;
  return <Editor key={existing.data?.id ?? 'new'} module={existing.data ?? null} loadError={existing.error} />;
}

function Editor({ module, loadError }: { module: EditorModule | null; loadError: unknown }) {
  const { t } = useTranslation();
  const toast = useToast();
  const navigate = useNavigate();
  const [body, setBody] = useState<ModuleBody>(() =>
    module
      ? { slug: module.slug, title: module.title, summary: module.summary, content: module.content, questions: module.questions, passMark: module.passMark, position: module.position }
      : emptyBody(),
  );
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [preview, setPreview] = useState<'en' | 'zh' | null>(null);
  const fields = error instanceof ApiError ? error.fields : {};

  const setText = (key: 'title' | 'summary' | 'content', lang: 'en' | 'zh', value: string) => setBody((b) => ({ ...b, [key]: { ...b[key], [lang]: value } }));
  const setQuestion = (i: number, q: EditorQuestion) => setBody((b) => ({ ...b, questions: b.questions.map((x, j) => (j === i ? q : x)) }));

  async function save(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const saved = module ? await trainingApi.update(module.id, body) : await trainingApi.create({ ...body, slug: body.slug || undefined });
      toast(module && saved.version !== module.version ? t('training.staff.savedVersion', { version: saved.version }) : t('training.staff.saved'));
      navigate('/compliance/training');
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const bilingual = (key: 'title' | 'summary' | 'content', rows?: number) =>
    (['en', 'zh'] as const).map((lang) => (
      <Field key={lang} label={t(`training.staff.field.${key}.${lang}`)} error={fields[`${key}.${lang}`] ?? fields[key]} required={key !== 'summary'}>
        {rows ? (
          <textarea rows={rows} value={body[key][lang]} onChange={(e) => setText(key, lang, e.target.value)} data-testid={`editor-${key}-${lang}`} />
        ) : (
          <input value={body[key][lang]} onChange={(e) => setText(key, lang, e.target.value)} data-testid={`editor-${key}-${lang}`} />
        )}
      </Field>
    ));

  return (
    <div className="page" data-testid="training-editor">
      <PageHeader
        back={<Link to="/compliance/training">← {t('training.staff.title')}</Link>}
        title={module ? t('training.staff.editTitle', { version: module.version }) : t('training.staff.newTitle')}
        subtitle={module?.status === 'published' ? t('training.staff.versionHint') : undefined}
      />
      <ErrorBanner error={loadError ?? error} />
      <form className="form" onSubmit={save}>
        <Card title={t('training.staff.textTitle')}>
          <div className="grid-2">{bilingual('title')}</div>
          <div className="grid-2">{bilingual('summary')}</div>
          <div className="grid-2">{bilingual('content', 12)}</div>
          <p className="small muted">{t('training.staff.contentHint')}</p>
          <div className="form-actions">
            <button type="button" className="btn btn-ghost btn-sm" onClick={() => setPreview(preview === 'en' ? null : 'en')}>
              {t('training.staff.previewEn')}
            </button>
            <button type="button" className="btn btn-ghost btn-sm" onClick={() => setPreview(preview === 'zh' ? null : 'zh')}>
              {t('training.staff.previewZh')}
            </button>
          </div>
          {preview && <TrainingContent text={body.content[preview]} />}
        </Card>
        <Card title={t('training.staff.settingsTitle')}>
          <div className="grid-2">
            <Field label={t('training.staff.field.slug')} hint={t('training.staff.slugHint')} error={fields.slug}>
              <input value={body.slug ?? ''} onChange={(e) => setBody((b) => ({ ...b, slug: e.target.value }))} data-testid="editor-slug" />
            </Field>
            <Field label={t('training.staff.field.passMark')} hint={t('training.staff.passMarkHint')} error={fields.passMark}>
              <input
                type="number"
                min={1}
                max={100}
                value={Math.round(body.passMark * 100)}
                onChange={(e) => setBody((b) => ({ ...b, passMark: Number(e.target.value) / 100 }))}
                data-testid="editor-pass-mark"
              />
            </Field>
            <Field label={t('training.staff.field.position')} error={fields.position}>
              <input type="number" min={0} value={body.position} onChange={(e) => setBody((b) => ({ ...b, position: Number(e.target.value) }))} />
            </Field>
          </div>
        </Card>
        <Card title={t('training.staff.quizTitle')} testId="editor-questions">
          <ol className="training-questions">
            {body.questions.map((q, i) => (
              <li key={i} className="training-editor-question">
                <div className="grid-2">
                  {(['en', 'zh'] as const).map((lang) => (
                    <Field key={lang} label={t(`training.staff.field.prompt.${lang}`)} error={fields[`questions.${i}.prompt.${lang}`]} required>
                      <input value={q.prompt[lang]} onChange={(e) => setQuestion(i, { ...q, prompt: { ...q.prompt, [lang]: e.target.value } })} />
                    </Field>
                  ))}
                </div>
                {q.options.map((o, j) => (
                  <div key={j} className="training-editor-option">
                    <label className="checkbox" title={t('training.staff.correct')}>
                      <input
                        type="checkbox"
                        checked={q.answers.includes(j)}
                        onChange={() => setQuestion(i, { ...q, answers: q.answers.includes(j) ? q.answers.filter((a) => a !== j) : [...q.answers, j].sort() })}
                      />
                      <span>{t('training.staff.correct')}</span>
                    </label>
                    {(['en', 'zh'] as const).map((lang) => (
                      <input
                        key={lang}
                        aria-label={t(`training.staff.field.option.${lang}`, { n: j + 1 })}
                        placeholder={t(`training.staff.field.option.${lang}`, { n: j + 1 })}
                        value={o[lang]}
                        onChange={(e) => setQuestion(i, { ...q, options: q.options.map((x, k) => (k === j ? { ...x, [lang]: e.target.value } : x)) })}
                      />
                    ))}
                    <button
                      type="button"
                      className="btn btn-ghost btn-sm"
                      disabled={q.options.length <= 2}
                      onClick={() => setQuestion(i, { ...q, options: q.options.filter((_, k) => k !== j), answers: q.answers.filter((a) => a !== j).map((a) => (a > j ? a - 1 : a)) })}
                    >
                      {t('training.staff.removeOption')}
                    </button>
                  </div>
                ))}
                {(fields[`questions.${i}.answers`] || fields[`questions.${i}.options`]) && (
                  <p className="field-error">{fields[`questions.${i}.answers`] ?? fields[`questions.${i}.options`]}</p>
                )}
                <div className="form-actions">
                  <button type="button" className="btn btn-secondary btn-sm" disabled={q.options.length >= 8} onClick={() => setQuestion(i, { ...q, options: [...q.options, { en: '', zh: '' }] })}>
                    {t('training.staff.addOption')}
                  </button>
                  <button
                    type="button"
                    className="btn btn-danger-outline btn-sm"
                    disabled={body.questions.length <= 1}
                    onClick={() => setBody((b) => ({ ...b, questions: b.questions.filter((_, k) => k !== i) }))}
                  >
                    {t('training.staff.removeQuestion')}
                  </button>
                </div>
              </li>
            ))}
          </ol>
          <button
            type="button"
            className="btn btn-secondary"
            onClick={() => setBody((b) => ({ ...b, questions: [...b.questions, emptyQuestion(Math.max(0, ...b.questions.map((q) => Number(q.id.replace(/\D/g, '')) || 0)) + 1)] }))}
          >
            {t('training.staff.addQuestion')}
          </button>
        </Card>
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={busy} data-testid="editor-save">
            {busy ? t('training.staff.saving') : t('training.staff.save')}
          </button>
        </div>
      </form>
    </div>
  );
}
