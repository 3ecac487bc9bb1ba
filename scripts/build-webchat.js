#!/usr/bin/env node
/**
 * Copies the one Web Chat bundle the page needs out of the npm package (the package is
 * ~190 MB, the bundle 3.9 MB) and precompresses it, so it is served fast and without a CDN.
 * Runs on `npm install` / `npm ci` (postinstall).
 */
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');

const root = path.resolve(__dirname, '..');
const pkg = require(path.join(root, 'node_modules', 'botframework-webchat', 'package.json'));
const source = path.join(root, 'node_modules', 'botframework-webchat', 'dist', 'webchat.js');
const outDir = path.join(root, 'public', 'vendor');
const target = path.join(outDir, `webchat-${pkg.version}.js`);

if (!fs.existsSync(source)) {
  console.error(`Web Chat bundle not found at ${source}; run npm install`);
  process.exit(1);
}
fs.mkdirSync(outDir, { recursive: true });
const code = fs.readFileSync(source);
fs.writeFileSync(target, code);
fs.writeFileSync(`${target}.gz`, zlib.gzipSync(code, { level: 9 }));
fs.writeFileSync(`${target}.br`, zlib.brotliCompressSync(code, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 9 } }));
fs.writeFileSync(path.join(outDir, 'webchat.json'), JSON.stringify({ version: pkg.version, file: path.basename(target) }));
console.log(`Web Chat ${pkg.version} bundle ready in public/vendor (${Math.round(code.length / 1024)} KB raw)`);
