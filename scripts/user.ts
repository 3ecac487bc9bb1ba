/**
 * Staff accounts on the configured database (DATABASE_URL, else DATABASE_PATH). The password is read from stdin,
 * never from the command line (it would end up in the shell history and `ps`):
 *   npm run user -- add NAME --role advisor|coordinator|provider [--languages de,uk] [--provider ID] [--name "Display Name"]
 *   npm run user -- passwd NAME
 *   npm run user -- disable NAME
 *   npm run user -- list
 */
import readline from 'node:readline';
import { isRole, UserRepository } from '../src/auth/users';
import { loadSeedIfEmpty, readSeedCatalogue } from '../src/catalogue/seed';
import { isLang, type Lang } from '../src/language/languages';
import { loadConfig } from '../src/config/config';
import { openDatabase } from '../src/db/openDatabase';
import { migrate } from '../src/db/migrations';
import { isAppError } from '../src/errors';

const USAGE = 'usage: npm run user -- add NAME --role advisor|coordinator|provider [--languages de,uk] [--provider ID] [--name "Display Name"] | passwd NAME | disable NAME | list';

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

/** One line from stdin; on a terminal the typed characters are not echoed. */
async function readPassword(prompt: string): Promise<string> {
  if (!process.stdin.isTTY) {
    const rl = readline.createInterface({ input: process.stdin });
    for await (const line of rl) {
      rl.close();
      return line;
    }
    return '';
  }
  process.stderr.write(prompt);
  return new Promise((resolve) => {
    let value = '';
    process.stdin.setRawMode(true);
    process.stdin.resume();
    process.stdin.setEncoding('utf8');
    const onData = (ch: string) => {
      if (ch === '\r' || ch === '\n' || ch === '\u0004') {
        process.stdin.setRawMode(false);
        process.stdin.pause();
        process.stdin.off('data', onData);
        process.stderr.write('\n');
        resolve(value);
      } else if (ch === '\u0003') {
        process.exit(130);
      } else if (ch === '\u007f') {
        value = value.slice(0, -1);
      } else {
        value += ch;
      }
    };
    process.stdin.on('data', onData);
  });
}

async function main(): Promise<void> {
  const [command, ...args] = process.argv.slice(2);
  const config = loadConfig(process.env);
  const db = await openDatabase(config);
  try {
    await migrate(db);
    await loadSeedIfEmpty(db, readSeedCatalogue(config.dataDir));
    const users = new UserRepository(db);
    switch (command) {
      case 'add': {
        const username = args[0];
        const role = option(args, '--role');
        if (!username || username.startsWith('--') || !isRole(role)) throw new Error(USAGE);
        const languages = (option(args, '--languages') ?? 'de').split(',').map((l) => l.trim());
        const unknown = languages.filter((l) => !isLang(l));
        if (unknown.length) throw new Error(`unknown languages: ${unknown.join(', ')} (use de, en, uk, ru, ar, fa)`);
        const password = await readPassword(`Password for ${username}: `);
        const user = await users.add({
          username,
          password,
          role,
          languages: languages as Lang[],
          providerId: option(args, '--provider') ?? null,
          displayName: option(args, '--name'),
        });
        console.log(`created ${user.role} ${user.username} (languages: ${user.languages.join(', ')})`);
        break;
      }
      case 'passwd': {
        if (!args[0]) throw new Error(USAGE);
        const ok = await users.setPassword(args[0], await readPassword(`New password for ${args[0]}: `));
        if (!ok) throw new Error(`no user ${args[0]}`);
        console.log(`password changed for ${args[0]}; existing sign-ins ended`);
        break;
      }
      case 'disable': {
        if (!args[0]) throw new Error(USAGE);
        if (!(await users.disable(args[0]))) throw new Error(`no active user ${args[0]}`);
        console.log(`disabled ${args[0]}`);
        break;
      }
      case 'list':
        for (const u of await users.list()) console.log(`${u.username}\t${u.role}\t${u.languages.join(',')}\t${u.providerId ?? ''}`);
        break;
      default:
        throw new Error(USAGE);
    }
  } finally {
    await db.close();
  }
}

main().catch((err: unknown) => {
  console.error(isAppError(err) || err instanceof Error ? err.message : String(err));
  process.exitCode = 1;
});
