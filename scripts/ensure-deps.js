#!/usr/bin/env node
// Runs `npm ci` when node_modules is missing or was installed from another package-lock.json, so `npm test` and
// `npm run demo` work on a fresh clone. Plain JavaScript with no dependencies: it runs before any are installed.
'use strict';
const { createHash } = require('node:crypto');
const { existsSync, readFileSync, writeFileSync } = require('node:fs');
const { spawnSync } = require('node:child_process');
const { join } = require('node:path');

const root = join(__dirname, '..');
const lockFile = join(root, 'package-lock.json');
const stampFile = join(root, 'node_modules', '.verivali-lock-sha256');

const lockHash = createHash('sha256').update(readFileSync(lockFile)).digest('hex');
const installed = existsSync(stampFile) ? readFileSync(stampFile, 'utf8').trim() : '';

if (installed !== lockHash) {
  console.error(existsSync(join(root, 'node_modules')) ? 'package-lock.json changed: running npm ci…' : 'Installing dependencies (npm ci)…');
  const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('\n✖ npm ci failed.\n  → Check that the npm registry is reachable and Node is version 20, then run again.');
    process.exit(result.status ?? 1);
  }
  writeFileSync(stampFile, lockHash + '\n');
}
