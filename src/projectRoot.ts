import fs from 'node:fs';
import path from 'node:path';

/**
 * The project folder (where package.json is), the same whether this file runs from src/ under
 * tsx or compiled from dist/src/ by `npm start`: data/ and public/ are found from here.
 */
export const PROJECT_ROOT = ((): string => {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${__dirname}`);
  }
})();
