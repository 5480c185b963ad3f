import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

/**
 * The console's two languages stay complete: the same keys in English and Simplified Chinese, every key the
 * code asks for present, and the Chinese actually written in Chinese.
 */

const WEB = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/src');
type Tree = { [key: string]: string | Tree };

function load(name: string): Tree {
  return JSON.parse(fs.readFileSync(path.join(WEB, 'i18n', name), 'utf8')) as Tree;
}

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

/** Plural forms (`_one`, `_other`…) differ by language; compare their base key. */
const base = (key: string) => key.replace(/_(zero|one|two|few|many|other)$/, '');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return /\.tsx?$/.test(e.name) ? [p] : [];
  });
}

/** The shared file plus every `features/<area>.<locale>.json`, as the console merges them. */
function loadLocale(locale: string): Tree {
  const merged: Tree = { ...load(`${locale}.json`) };
  const dir = path.join(WEB, 'i18n', 'features');
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(`.${locale}.json`)) : [];
  for (const file of files) {
    for (const [key, value] of Object.entries(load(path.join('features', file)))) {
      assert.ok(!(key in merged), `features/${file} redefines the top-level key "${key}"`);
      merged[key] = value;
    }
  }
  return merged;
}

const en = flatten(loadLocale('en'));
const zh = flatten(loadLocale('zh-CN'));
const enBase = new Set([...en.keys()].map(base));
const zhBase = new Set([...zh.keys()].map(base));

test('English and Chinese have the same keys', () => {
  assert.deepEqual([...enBase].filter((k) => !zhBase.has(k)), [], 'missing in zh-CN.json');
  assert.deepEqual([...zhBase].filter((k) => !enBase.has(k)), [], 'missing in en.json');
});

test('every key the console asks for exists', () => {
  const used = new Set<string>();
  for (const file of sourceFiles(WEB)) {
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\bt\(\s*'([\w.]+)'/g)) used.add(m[1]);
  }
  assert.ok(used.size > 200, `found only ${used.size} keys; is the scan broken?`);
  const missing = [...used].filter((k) => !enBase.has(k) || !zhBase.has(k));
  assert.deepEqual(missing, []);
});

test('keys built at run time exist for every value the API returns', () => {
  const families: Record<string, string[]> = {
    'status.application': ['draft', 'submitted', 'under_review', 'revision_requested', 'verified', 'rejected'],
    'status.document': ['missing', 'pending_review', 'approved', 'rejected', 'revision_requested', 'superseded', 'expired'],
    'status.seller': ['pending_verification', 'active', 'reverification', 'restricted', 'suspended', 'banned'],
    'status.delivery': ['pending', 'succeeded', 'failed'],
    roles: ['buyer', 'seller', 'qc_inspector', 'support_agent', 'compliance_officer', 'admin', 'integration', 'system'],
    roleDesc: ['buyer', 'seller', 'qc_inspector', 'support_agent', 'compliance_officer', 'admin', 'integration'],
    'timeline.event': ['register', 'create', 'upload', 'submit', 'resubmit', 'start_review', 'request_revision', 'approve', 'reject', 'supersede', 'expire', 'verify'],
  };
  const missing: string[] = [];
  for (const [prefix, values] of Object.entries(families)) {
    for (const v of values) if (!en.has(`${prefix}.${v}`) || !zh.has(`${prefix}.${v}`)) missing.push(`${prefix}.${v}`);
  }
  for (const kind of ['identity', 'business_licence', 'proof_of_address']) {
    for (const part of ['title', 'hint']) if (!zh.has(`documents.kind.${kind}.${part}`)) missing.push(`documents.kind.${kind}.${part}`);
  }
  for (const status of ['draft', 'submitted', 'under_review', 'revision_requested', 'verified', 'rejected']) {
    for (const part of ['title', 'body']) if (!zh.has(`seller.status.${status}.${part}`)) missing.push(`seller.status.${status}.${part}`);
  }
  assert.deepEqual(missing, []);
});

test('the Chinese strings are written in Chinese', () => {
  // Names that stay the same in both languages.
  const sameAllowed = /^(Arbiter|1688|Webhook|API|EN|English|简体中文|\{\{[^}]+\}\}.*|[\d\s/:–.{}]+)$/;
  const untranslated = [...zh.entries()].filter(([key, value]) => {
    if (/[\u4e00-\u9fff]/.test(value)) return false;
    if (sameAllowed.test(value)) return false;
    return en.get(key) === value || /[a-z]{4,}\s+[a-z]{3,}/i.test(value.replace(/\{\{\w+\}\}/g, ''));
  });
  assert.deepEqual(untranslated, []);
});

test('interpolations match between the languages', () => {
  const vars = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
  const mismatched: string[] = [];
  for (const [key, value] of en) {
    const zhValue = zh.get(key) ?? zh.get(`${base(key)}_other`);
    if (zhValue !== undefined && vars(value).join() !== vars(zhValue).join()) mismatched.push(key);
  }
  assert.deepEqual(mismatched, []);
});
