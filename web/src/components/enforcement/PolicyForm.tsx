import { useTranslation } from 'react-i18next';
import type { PolicyDocument, PolicyValue } from '../../api/policy';
import { SELLER_SANCTIONS } from '../../api/enforcement';

/**
 * A form over the policy document: every section, number, switch, choice and list of the document as the API
 * returns it, so a new field in the policy appears here without a change. Each control is named by its path
 * (`document.enforcement.pointsExpireDays`), which is how the API's problem+json names a field it refuses.
 */

type Obj = { [key: string]: PolicyValue };
const isObj = (v: PolicyValue | undefined): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);
const humanize = (s: string) => s.replace(/_/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^\w/, (c) => c.toLowerCase()).replace(/^\w/, (c) => c.toUpperCase());

/** Choices the schema knows for fields named like these. */
const CHOICES: Record<string, readonly string[]> = {
  sanction: SELLER_SANCTIONS,
  cancellationSilence: ['cancel_with_refund', 'keep_order'],
  buyerQcSilence: ['return_for_refund', 'accept_as_is'],
  bannedSellerOpenOrders: ['refund', 'hold_for_reassignment'],
};

/** Fields the schema lets a document leave out. */
const OPTIONAL = new Set(['rectifyDays', 'sanction']);

/** The document to send: optional fields left empty are left out (null would mean "restore the default"). */
export function withoutEmpty(value: PolicyValue): PolicyValue {
  if (Array.isArray(value)) return value.map(withoutEmpty);
  if (isObj(value)) return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null).map(([k, v]) => [k, withoutEmpty(v)]));
  return value;
}

function setIn(root: PolicyValue, path: (string | number)[], value: PolicyValue): PolicyValue {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  if (Array.isArray(root)) {
    const copy = [...root];
    copy[head as number] = setIn(copy[head as number] ?? null, rest, value);
    return copy;
  }
  const obj = isObj(root) ? root : {};
  return { ...obj, [head]: setIn(obj[head as string] ?? null, rest, value) };
}

export function fieldPath(path: (string | number)[]): string {
  return ['document', ...path].join('.');
}

interface Props {
  document: PolicyDocument;
  section: string;
  errors: Record<string, string>;
  readOnly: boolean;
  onChange: (next: PolicyDocument) => void;
}

export function PolicySection({ document, section, errors, readOnly, onChange }: Props) {
  const update = (path: (string | number)[], value: PolicyValue) => onChange(setIn(document, path, value) as PolicyDocument);
  return (
    <div className="policy-form" data-testid={`policy-section-${section}`}>
      <Node path={[section]} value={document[section]} errors={errors} readOnly={readOnly} update={update} depth={0} />
    </div>
  );
}

function useLabel() {
  const { t } = useTranslation();
  return (key: string | number) => (typeof key === 'number' ? `#${key + 1}` : t(`policyEditor.field.${key}`, { defaultValue: humanize(key) }));
}

function errorsUnder(errors: Record<string, string>, path: (string | number)[]): string[] {
  const p = fieldPath(path);
  return Object.entries(errors)
    .filter(([k]) => k === p)
    .map(([, v]) => v);
}

function Node({ path, value, errors, readOnly, update, depth }: { path: (string | number)[]; value: PolicyValue | undefined; errors: Record<string, string>; readOnly: boolean; update: (path: (string | number)[], v: PolicyValue) => void; depth: number }) {
  const label = useLabel();
  if (isObj(value)) {
    const leaves = Object.entries(value).filter(([, v]) => !isObj(v) && !(Array.isArray(v) && v.some((x) => isObj(x))));
    const groups = Object.entries(value).filter(([, v]) => isObj(v) || (Array.isArray(v) && v.some((x) => isObj(x))));
    const own = errorsUnder(errors, path);
    return (
      <div className={depth === 0 ? 'policy-group policy-group-root' : 'policy-group'}>
        {own.map((m) => (
          <p key={m} className="field-error" role="alert">
            {m}
          </p>
        ))}
        {leaves.length > 0 && (
          <div className="policy-grid">
            {leaves.map(([k, v]) => (
              <Leaf key={k} path={[...path, k]} name={k} value={v} errors={errors} readOnly={readOnly} update={update} />
            ))}
          </div>
        )}
        {groups.map(([k, v]) => (
          <fieldset key={k} className="policy-fieldset" data-testid={`policy-group-${fieldPath([...path, k])}`}>
            <legend>{label(k)}</legend>
            {Array.isArray(v) ? (
              <RowsTable path={[...path, k]} rows={v} errors={errors} readOnly={readOnly} update={update} />
            ) : (
              <Node path={[...path, k]} value={v} errors={errors} readOnly={readOnly} update={update} depth={depth + 1} />
            )}
          </fieldset>
        ))}
      </div>
    );
  }
  return <Leaf path={path} name={String(path[path.length - 1])} value={value ?? null} errors={errors} readOnly={readOnly} update={update} />;
}

function Leaf({ path, name, value, errors, readOnly, update }: { path: (string | number)[]; name: string; value: PolicyValue; errors: Record<string, string>; readOnly: boolean; update: (path: (string | number)[], v: PolicyValue) => void }) {
  const { t } = useTranslation();
  const label = useLabel();
  const id = fieldPath(path);
  const error = Object.entries(errors).find(([k]) => k === id || k.startsWith(`${id}.`))?.[1];
  let control;
  if (typeof value === 'boolean') {
    control = (
      <label className="checkbox policy-check">
        <input type="checkbox" checked={value} disabled={readOnly} onChange={(e) => update(path, e.target.checked)} data-testid={`policy-input-${id}`} /> {label(name)}
      </label>
    );
    return <div className={`policy-field ${error ? 'field-invalid' : ''}`}>{control}{error && <p className="field-error" role="alert">{error}</p>}</div>;
  }
  if (Array.isArray(value)) {
    control = (
      <textarea
        id={id}
        rows={Math.min(8, Math.max(2, value.length))}
        disabled={readOnly}
        value={value.join('\n')}
        onChange={(e) => update(path, e.target.value.split('\n').map((s) => s.trim()).filter(Boolean))}
        aria-invalid={error ? true : undefined}
        data-testid={`policy-input-${id}`}
      />
    );
  } else if (CHOICES[name] && typeof value === 'string') {
    control = (
      <select id={id} value={value} disabled={readOnly} onChange={(e) => update(path, e.target.value)} aria-invalid={error ? true : undefined} data-testid={`policy-input-${id}`}>
        {CHOICES[name].map((c) => (
          <option key={c} value={c}>
            {t(`policyEditor.choice.${c}`, { defaultValue: t(`enforcement.sanction.${c}`, { defaultValue: c }) })}
          </option>
        ))}
      </select>
    );
  } else if (typeof value === 'number' || value === '' || value === null) {
    control = (
      <input
        id={id}
        type="number"
        step="any"
        className="input-narrow"
        disabled={readOnly}
        value={value === null ? '' : value}
        // An emptied box is sent as it is, so the API names the field instead of a default coming back silently;
        // only optional fields (a rung's days to rectify) may be left empty.
        onChange={(e) => update(path, e.target.value === '' ? (OPTIONAL.has(name) ? null : '') : Number(e.target.value))}
        aria-invalid={error ? true : undefined}
        data-testid={`policy-input-${id}`}
      />
    );
  } else {
    control = <input id={id} type="text" disabled={readOnly} value={String(value)} onChange={(e) => update(path, e.target.value)} aria-invalid={error ? true : undefined} data-testid={`policy-input-${id}`} />;
  }
  return (
    <div className={`field policy-field ${error ? 'field-invalid' : ''}`}>
      <label htmlFor={id} className="field-label">
        {label(name)}
      </label>
      {control}
      {error && (
        <p className="field-error" role="alert" data-testid={`policy-error-${id}`}>
          {error}
        </p>
      )}
    </div>
  );
}

/** A list of records (the ladder's rungs): one row each, a column per field, rows added and removed. */
function RowsTable({ path, rows, errors, readOnly, update }: { path: (string | number)[]; rows: PolicyValue[]; errors: Record<string, string>; readOnly: boolean; update: (path: (string | number)[], v: PolicyValue) => void }) {
  const { t } = useTranslation();
  const label = useLabel();
  const objs = rows.filter(isObj);
  const columns = [...new Set(objs.flatMap((r) => Object.keys(r)))];
  const own = errorsUnder(errors, path);
  return (
    <div className="table-wrap">
      {own.map((m) => (
        <p key={m} className="field-error" role="alert" data-testid={`policy-error-${fieldPath(path)}`}>
          {m}
        </p>
      ))}
      <table className="table policy-rows">
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c}>{label(c)}</th>
            ))}
            {!readOnly && <th />}
          </tr>
        </thead>
        <tbody>
          {objs.map((r, i) => (
            <tr key={i}>
              {columns.map((c) => (
                <td key={c}>
                  <Leaf path={[...path, i, c]} name={c} value={r[c] ?? (c === 'rectifyDays' ? null : '')} errors={errors} readOnly={readOnly} update={update} />
                </td>
              ))}
              {!readOnly && (
                <td>
                  <button type="button" className="btn btn-ghost btn-sm" onClick={() => update(path, rows.filter((_, j) => j !== i))} data-testid={`policy-remove-${fieldPath([...path, i])}`}>
                    {t('common.remove')}
                  </button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {!readOnly && (
        <button type="button" className="btn btn-secondary btn-sm" onClick={() => update(path, [...rows, { ...(objs[objs.length - 1] ?? {}) }])} data-testid={`policy-add-${fieldPath(path)}`}>
          {t('policyEditor.addRow')}
        </button>
      )}
    </div>
  );
}
