#!/usr/bin/env node
// Runs the node:test suites under the given folders (default: test/unit and test/api) with TypeScript
// through tsx. Node 20's test runner takes files, not globs, so this lists them.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const dirs = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const passThrough = process.argv.slice(2).filter((a) => a.startsWith('--'));
const roots = dirs.length ? dirs : ['test/unit', 'test/api'];

function collect(dir) {
  if (!fs.existsSync(dir)) return [];
  const stat = fs.statSync(dir);
  if (stat.isFile()) return dir.endsWith('.test.ts') ? [dir] : [];
  return fs
    .readdirSync(dir)
    .sort()
    .flatMap((name) => collect(path.join(dir, name)));
}

const files = roots.flatMap(collect);
if (files.length === 0) {
  console.error(`No test files under ${roots.join(', ')}`);
  process.exit(1);
}
const concurrency = process.env.TEST_CONCURRENCY ?? '2';
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', ...passThrough, ...files],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
