import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { adminApi } from '../../api/admin';
import { ApiError } from '../../api/client';
import { USER_ROLES, type Locale, type User, type UserRole } from '../../api/types';
import { useConfirm } from '../../components/Confirm';
import { Dialog } from '../../components/Dialog';
import { ErrorBanner, errorText, serverFieldText } from '../../components/ErrorMessage';
import { Field } from '../../components/Field';
import { StatusBadge } from '../../components/StatusBadge';
import { useToast } from '../../components/Toast';
import { EmptyState, Loading, PageHeader } from '../../components/ui';
import { formatDate } from '../../lib/format';
import { useResource } from '../../lib/useResource';
import { useUser } from '../../lib/session';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function RoleCheckboxes<R extends string>({ roles, value, onChange, testIdPrefix, error }: { roles: R[]; value: R[]; onChange: (roles: R[]) => void; testIdPrefix: string; error?: string | null }) {
  const { t } = useTranslation();
  return (
    <fieldset className={`field ${error ? 'field-invalid' : ''}`}>
      <legend className="field-label">
        {t('admin.users.roles')}
        <span className="field-required" aria-hidden="true"> *</span>
      </legend>
      <div className="checkbox-grid">
        {roles.map((role) => (
          <label key={role} className="checkbox">
            <input
              type="checkbox"
              checked={value.includes(role)}
              onChange={(e) => onChange(e.target.checked ? [...value, role] : value.filter((r) => r !== role))}
              data-testid={`${testIdPrefix}-${role}`}
            />
            <span>
              {t(`roles.${role}`)}
              <span className="muted small block">{t(`roleDesc.${role}`)}</span>
            </span>
          </label>
        ))}
      </div>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}

export function UsersPage() {
  const { t, i18n } = useTranslation();
  const me = useUser();
  const toast = useToast();
  const confirm = useConfirm();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const role = (params.get('role') ?? '') as UserRole | '';
  const [search, setSearch] = useState(q);
  useEffect(() => setSearch(q), [q]);
  const users = useResource(() => adminApi.users({ q: q || undefined, role: role || undefined, limit: 200 }), [q, role]);

  const [creating, setCreating] = useState(false);
  const [form, setForm] = useState({ name: '', email: '', password: '', roles: [] as UserRole[], locale: 'en' as Locale });
  const [formErrors, setFormErrors] = useState<Record<string, string | undefined>>({});
  const [formError, setFormError] = useState<unknown>(null);
  const [editing, setEditing] = useState<User | null>(null);
  const [editRoles, setEditRoles] = useState<UserRole[]>([]);
  const [editError, setEditError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const setFilter = (next: Record<string, string>) => {
    const merged = { q, role, ...next };
    setParams(Object.fromEntries(Object.entries(merged).filter(([, v]) => v)));
  };

  const openCreate = () => {
    setForm({ name: '', email: '', password: '', roles: [], locale: 'en' });
    setFormErrors({});
    setFormError(null);
    setCreating(true);
  };

  const create = async () => {
    const found: Record<string, string> = {};
    if (!form.name.trim()) found.name = t('validation.required');
    if (!EMAIL.test(form.email.trim())) found.email = t('validation.email');
    if (form.password.length < 10) found.password = t('validation.passwordLength', { min: 10 });
    if (form.roles.length === 0) found.roles = t('admin.users.chooseRole');
    setFormErrors(found);
    if (Object.keys(found).length) return;
    setBusy(true);
    setFormError(null);
    try {
      const created = await adminApi.createUser({ name: form.name.trim(), email: form.email.trim(), password: form.password, roles: form.roles, locale: form.locale });
      toast(t('admin.users.created', { name: created.name }));
      setCreating(false);
      await users.reload();
    } catch (err) {
      setFormError(err);
      if (err instanceof ApiError) setFormErrors(Object.fromEntries(Object.entries(err.fields).map(([k, v]) => [k, serverFieldText(t, i18n.language, v)])));
    } finally {
      setBusy(false);
    }
  };

  const saveRoles = async () => {
    if (!editing) return;
    if (editRoles.length === 0) {
      setEditError(new ApiError(400, 'roles_required', t('admin.users.chooseRole')));
      return;
    }
    setBusy(true);
    setEditError(null);
    try {
      await adminApi.updateUser(editing.id, { roles: editRoles });
      toast(t('admin.users.rolesSaved', { name: editing.name }));
      setEditing(null);
      await users.reload();
    } catch (err) {
      setEditError(err);
    } finally {
      setBusy(false);
    }
  };

  const toggleStatus = async (u: User) => {
    const status = u.status === 'active' ? 'disabled' : 'active';
    if (status === 'disabled' && !(await confirm({ title: t('admin.users.confirmDisableTitle', { name: u.name }), body: t('admin.users.confirmDisable'), confirmLabel: t('admin.users.disable'), tone: 'danger' }))) return;
    try {
      await adminApi.updateUser(u.id, { status });
      toast(t(status === 'disabled' ? 'admin.users.disabled' : 'admin.users.enabled', { name: u.name }));
      await users.reload();
    } catch (err) {
      toast(errorText(t, err), 'danger');
    }
  };

  const items = users.data?.items ?? [];
  return (
    <div className="page">
      <PageHeader
        title={t('admin.users.title')}
        subtitle={t('admin.users.subtitle')}
        actions={
          <button type="button" className="btn btn-primary" onClick={openCreate} data-testid="user-create">
            + {t('admin.users.create')}
          </button>
        }
      />
      <form
        className="toolbar"
        role="search"
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          setFilter({ q: search.trim() });
        }}
      >
        <label className="toolbar-field grow">
          <span className="visually-hidden">{t('admin.users.search')}</span>
          <input type="search" placeholder={t('admin.users.searchPlaceholder')} value={search} onChange={(e) => setSearch(e.target.value)} data-testid="users-search" />
        </label>
        <label className="toolbar-field">
          <span>{t('admin.users.roleFilter')}</span>
          <select value={role} onChange={(e) => setFilter({ role: e.target.value })} data-testid="users-role-filter">
            <option value="">{t('admin.users.allRoles')}</option>
            {USER_ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`roles.${r}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="btn btn-secondary">
          {t('common.search')}
        </button>
      </form>
      <ErrorBanner error={users.error} />
      {users.loading && !users.data ? (
        <Loading />
      ) : items.length === 0 ? (
        <EmptyState title={t('admin.users.empty')} />
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="users-table">
            <thead>
              <tr>
                <th scope="col">{t('admin.users.col.user')}</th>
                <th scope="col">{t('admin.users.col.roles')}</th>
                <th scope="col">{t('admin.users.col.language')}</th>
                <th scope="col">{t('admin.users.col.status')}</th>
                <th scope="col">{t('admin.users.col.created')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('common.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((u) => (
                <tr key={u.id} data-testid={`user-row-${u.email}`}>
                  <td>
                    <div className="cell-main">{u.name}</div>
                    <div className="cell-sub">{u.email}</div>
                  </td>
                  <td>
                    <span className="tags">
                      {u.roles.map((r) => (
                        <span key={r} className="tag">
                          {t(`roles.${r}`)}
                        </span>
                      ))}
                    </span>
                  </td>
                  <td>{u.locale === 'zh-CN' ? '简体中文' : 'English'}</td>
                  <td>
                    <StatusBadge kind="user" status={u.status} />
                  </td>
                  <td>{formatDate(u.createdAt)}</td>
                  <td className="cell-actions">
                    <button
                      type="button"
                      className="btn btn-ghost btn-sm"
                      onClick={() => {
                        setEditing(u);
                        setEditRoles(u.roles);
                        setEditError(null);
                      }}
                      data-testid={`user-roles-${u.email}`}
                    >
                      {t('admin.users.changeRoles')}
                    </button>
                    {u.id !== me.id && (
                      <button type="button" className={`btn btn-sm ${u.status === 'active' ? 'btn-danger-outline' : 'btn-secondary'}`} onClick={() => toggleStatus(u)} data-testid={`user-status-${u.email}`}>
                        {u.status === 'active' ? t('admin.users.disable') : t('admin.users.enable')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <Dialog open={creating} title={t('admin.users.create')} onClose={() => !busy && setCreating(false)} onSubmit={create} busy={busy} submitLabel={t('admin.users.createSubmit')} testId="user-dialog" wide>
        <ErrorBanner error={formError} />
        <div className="grid-2">
          <Field label={t('auth.name')} error={formErrors.name} required>
            <input value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} data-testid="user-name" />
          </Field>
          <Field label={t('auth.email')} error={formErrors.email} required>
            <input type="email" value={form.email} onChange={(e) => setForm({ ...form, email: e.target.value })} data-testid="user-email" />
          </Field>
          <Field label={t('admin.users.initialPassword')} hint={t('auth.passwordHint')} error={formErrors.password} required>
            <input type="password" autoComplete="new-password" value={form.password} onChange={(e) => setForm({ ...form, password: e.target.value })} data-testid="user-password" />
          </Field>
          <Field label={t('language.label')}>
            <select value={form.locale} onChange={(e) => setForm({ ...form, locale: e.target.value as Locale })}>
              <option value="en">English</option>
              <option value="zh-CN">简体中文</option>
            </select>
          </Field>
        </div>
        <RoleCheckboxes roles={USER_ROLES} value={form.roles} onChange={(roles) => setForm({ ...form, roles })} testIdPrefix="user-role" error={formErrors.roles} />
      </Dialog>

      <Dialog open={editing !== null} title={t('admin.users.rolesOf', { name: editing?.name ?? '' })} onClose={() => !busy && setEditing(null)} onSubmit={saveRoles} busy={busy} testId="roles-dialog" wide>
        <ErrorBanner error={editError} />
        <RoleCheckboxes roles={USER_ROLES} value={editRoles} onChange={setEditRoles} testIdPrefix="edit-role" />
      </Dialog>
    </div>
  );
}
