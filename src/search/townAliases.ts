import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../errors';

export type TownAliases = Record<string, string[]>;

const aliasFile = z.record(z.string(), z.array(z.string().min(1)));

/**
 * Town names as newcomers type them in other scripts and cases ("Фрайберзі", "دوبلن").
 * The file is optional: without it, towns are found by their German names only.
 */
export function loadTownAliases(dataDir: string, knownTownIds: ReadonlySet<string>): TownAliases {
  const file = path.join(dataDir, 'town-aliases.json');
  if (!fs.existsSync(file)) return {};
  let parsed;
  try {
    parsed = aliasFile.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  } catch (err) {
    throw new AppError('configInvalid', `Cannot read ${file}: ${(err as Error).message}`, { cause: err });
  }
  if (!parsed.success) throw new AppError('configInvalid', `${file} must map town ids to lists of names`);
  const unknown = Object.keys(parsed.data).filter((id) => !knownTownIds.has(id));
  if (unknown.length) throw new AppError('configInvalid', `${file} names unknown town ids: ${unknown.join(', ')}`);
  return parsed.data;
}
