import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const FOLDERS = ['src', 'bots', 'dialogs'];

/** Every TypeScript file of the product, as a path relative to the repository. */
function sources(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
      const rel = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(rel);
      else if (entry.name.endsWith('.ts')) out.push(rel);
    }
  };
  for (const folder of FOLDERS) walk(folder);
  return out;
}

/** The product files a file imports (relative imports only; packages are not ours). */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
  const found: string[] = [];
  for (const match of text.matchAll(/^(?:import|export)\s[^;]*?from\s+'(\.[^']+)'|^import\s+'(\.[^']+)'/gm)) {
    const target = path.normalize(path.join(path.dirname(file), match[1] ?? match[2]!));
    if (fs.existsSync(path.join(ROOT, `${target}.ts`))) found.push(`${target}.ts`);
    else if (fs.existsSync(path.join(ROOT, target, 'index.ts'))) found.push(path.join(target, 'index.ts'));
  }
  return found;
}

/** `src/search`, `bots`, `dialogs`; files directly in src/ are the composition root and entry. */
function areaOf(file: string): string {
  const parts = file.split(path.sep);
  return parts[0] === 'src' && parts.length > 2 ? `src/${parts[1]}` : parts[0] === 'src' ? file : parts[0]!;
}

describe('architecture: dependencies point one way', () => {
  const files = sources();
  const graph = new Map(files.map((f) => [f, importsOf(f)]));

  it('has no import cycle between files', () => {
    const state = new Map<string, 'open' | 'done'>();
    const cycles: string[] = [];
    const visit = (file: string, trail: string[]) => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        cycles.push([...trail.slice(trail.indexOf(file)), file].join(' → '));
        return;
      }
      state.set(file, 'open');
      for (const next of graph.get(file) ?? []) visit(next, [...trail, file]);
      state.set(file, 'done');
    };
    for (const file of files) visit(file, []);
    assert.deepEqual(cycles, []);
  });

  it('has no two areas that import each other', () => {
    const edges = new Map<string, Set<string>>();
    for (const [file, targets] of graph) {
      for (const target of targets) {
        const [from, to] = [areaOf(file), areaOf(target)];
        if (from !== to) edges.set(from, (edges.get(from) ?? new Set()).add(to));
      }
    }
    const mutual = [...edges].flatMap(([a, tos]) => [...tos].filter((b) => a < b && edges.get(b)?.has(a)).map((b) => `${a} ↔ ${b}`));
    assert.deepEqual(mutual, []);
  });

  it('lets only the composition root under src/ reach into bots/ and dialogs/', () => {
    const reaching = [...graph]
      .filter(([file]) => file.startsWith(`src${path.sep}`) && file !== path.join('src', 'app.ts'))
      .flatMap(([file, targets]) => targets.filter((t) => t.startsWith(`bots${path.sep}`) || t.startsWith(`dialogs${path.sep}`)).map((t) => `${file} → ${t}`));
    assert.deepEqual(reaching, []);
  });

  it('finds the imports it checks (the parser is not silently blind)', () => {
    assert.ok(graph.get(path.join('src', 'app.ts'))!.includes(path.join('dialogs', 'mainDialog.ts')));
    assert.ok(files.length > 80, `${files.length} files`);
  });
});
