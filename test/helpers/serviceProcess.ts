import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { waitFor } from './waitFor';

const root = path.resolve(__dirname, '..', '..');

/**
 * Starts the service with its own environment: as `npm start` does (compiled, building dist/
 * first when the code is newer), or from the TypeScript source as `npm run dev` does.
 */
export function startProcess(env: Record<string, string>, how: 'npm start' | 'dev' = 'dev'): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const args = how === 'npm start' ? ['scripts/start.js'] : ['--import', 'tsx', 'src/index.ts'];
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** Resolves with the port once the service says where it listens; on a timeout the error shows what it printed. */
export const listening = (proc: ReturnType<typeof startProcess>, timeoutMs = 20_000) =>
  waitFor(() => /läuft auf http:\/\/localhost:(\d+)/.exec(proc.output())?.[1] ?? assert.fail(`no "läuft auf http://localhost:…" yet; output so far:\n${proc.output()}`), {
    what: 'the service to say where it listens',
    timeoutMs,
    intervalMs: 20,
  });

