#!/usr/bin/env node
// Compiles src/, bots/ and dialogs/ (and the bench's echo bot) to dist/ when a source file is
// newer than the last build; `npm run build` (with --force) compiles regardless. Plain JavaScript,
// so it runs before anything is compiled.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const root = path.resolve(__dirname, '..');
const dist = path.join(root, 'dist');
const stamp = path.join(dist, '.built');
const entry = path.join(dist, 'src', 'index.js');

function newestSource() {
  let newest = 0;
  const visit = (dir) => {
    for (const item of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, item.name);
      if (item.isDirectory()) visit(file);
      else if (item.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(file).mtimeMs);
    }
  };
  for (const dir of ['src', 'bots', 'dialogs']) visit(path.join(root, dir));
  for (const file of ['scripts/echoBot.ts', 'tsconfig.json', 'tsconfig.build.json', 'package-lock.json']) newest = Math.max(newest, fs.statSync(path.join(root, file)).mtimeMs);
  return newest;
}

function compile() {
  let tsc;
  try {
    tsc = require.resolve('typescript/bin/tsc');
  } catch {
    return false;
  }
  process.stdout.write('Übersetze TypeScript nach dist/ (nur nach Änderungen am Code) …\n');
  fs.rmSync(dist, { recursive: true, force: true });
  const result = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
  // Type errors still emit JavaScript; tsx would run such code too, so they are shown, not fatal.
  if (!fs.existsSync(entry)) {
    process.stderr.write(`Die Übersetzung ist fehlgeschlagen (tsc endete mit ${result.status}).\n`);
    process.exit(1);
  }
  fs.writeFileSync(stamp, new Date().toISOString());
  return true;
}

/** Makes sure dist/ holds the current code; the path of the service's entry point. */
function ensureBuilt({ force = false } = {}) {
  const stale = force || !fs.existsSync(stamp) || fs.statSync(stamp).mtimeMs < newestSource();
  if (stale && !compile()) {
    if (!fs.existsSync(entry)) {
      process.stderr.write('dist/ fehlt und TypeScript ist nicht installiert: `npm install` und `npm run build` ausführen.\n');
      process.exit(1);
    }
    process.stderr.write('Hinweis: dist/ ist älter als der Quellcode, TypeScript fehlt zum Übersetzen; es startet die alte Übersetzung.\n');
  }
  return entry;
}

module.exports = { ensureBuilt };
if (require.main === module) ensureBuilt({ force: process.argv.includes('--force') });
