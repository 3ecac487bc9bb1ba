import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Paths for tests that need no running app. Kept apart from testApp.ts, which loads the whole
 * application (about 3 s) and is for the system tests.
 */
export const DATA_DIR = path.resolve(__dirname, '..', '..', 'data');

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'bildungslotse-test-'));
}
