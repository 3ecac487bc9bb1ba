import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

const TEST_DIR = path.resolve(__dirname, '..');

function testFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'artifacts' ? [] : testFiles(full);
    return entry.name.endsWith('.test.ts') ? [path.relative(TEST_DIR, full).split(path.sep).join('/')] : [];
  });
}

/** What a test needs a server, a process or a browser for: such a file belongs in test/system. */
const SYSTEM_ONLY: [RegExp, string][] = [
  [/from '\.\.\/helpers\/(testApp|chromium|connectorStub|newcomer|postgres)'/, 'a system test helper'],
  [/'node:child_process'|'child_process'/, 'child processes'],
  [/'playwright-core'/, 'a browser'],
  [/\bcreateApp\(|\.listen\(|\bfetch\(/, 'a server'],
];

describe('test layout (npm run test:unit runs test/unit, npm test runs test/unit and test/system)', () => {
  it('has every test file in test/unit or test/system, where mocha looks', () => {
    const stray = testFiles(TEST_DIR).filter((f) => !/^(unit|system)\//.test(f));
    assert.deepEqual(stray, [], 'move these into test/unit (no server, process or browser) or test/system');
  });

  it('keeps test/unit free of servers, processes and browsers', () => {
    const self = path.relative(TEST_DIR, __filename).split(path.sep).join('/');
    const found = testFiles(path.join(TEST_DIR, 'unit')).filter((f) => f !== self).flatMap((f) => {
      const source = fs.readFileSync(path.join(TEST_DIR, f), 'utf8');
      return SYSTEM_ONLY.filter(([pattern]) => pattern.test(source)).map(([, what]) => `${f} uses ${what}`);
    });
    assert.deepEqual(found, [], 'these belong in test/system');
  });
});
