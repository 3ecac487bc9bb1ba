import { LANGUAGES, isLang, type Lang } from '../language/languages';
import type { Queryable } from '../db/database';
import { AppError } from '../errors';
import { hashPassword, passwordProblem } from './passwords';

export const ROLES = ['advisor', 'coordinator', 'provider'] as const;
export type Role = (typeof ROLES)[number];
export const isRole = (v: unknown): v is Role => typeof v === 'string' && (ROLES as readonly string[]).includes(v);

/** A staff account as the rest of the code sees it: never with its password hash. */
export interface User {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  providerId: string | null;
  languages: Lang[];
}

interface UserRow {
  id: number;
  username: string;
  display_name: string;
  role: Role;
  provider_id: string | null;
  languages: string;
  password_hash: string;
  disabled: number;
}

const USERNAME = /^[\p{L}\p{N}._-]{2,64}$/u;

function toUser(row: UserRow): User {
  const langs = (JSON.parse(row.languages) as unknown[]).filter(isLang);
  return { id: row.id, username: row.username, displayName: row.display_name, role: row.role, providerId: row.provider_id, languages: langs };
}

export interface NewUser {
  username: string;
  password: string;
  role: Role;
  displayName?: string;
  providerId?: string | null;
  languages?: Lang[];
}

/** Staff accounts: advisors, coordinators and providers. Newcomers never have one. */
export class UserRepository {
  constructor(private readonly db: Queryable) {}

  async add(input: NewUser): Promise<User> {
    if (!USERNAME.test(input.username)) throw new AppError('validationFailed', 'A username has 2 to 64 letters, digits, dots, dashes or underscores.');
    const weak = passwordProblem(input.password);
    if (weak) throw new AppError('validationFailed', weak);
    if (input.role === 'provider' && !input.providerId) throw new AppError('validationFailed', 'A provider account needs --provider ID.');
    if (input.providerId) {
      const provider = await this.db.get('SELECT id FROM providers WHERE id = ?', [input.providerId]);
      if (!provider) throw new AppError('validationFailed', `No provider with id ${input.providerId}.`);
    }
    const languages = input.languages?.length ? input.languages : ['de' as Lang];
    const unknown = languages.filter((l) => !LANGUAGES.includes(l));
    if (unknown.length) throw new AppError('validationFailed', `Unknown languages: ${unknown.join(', ')}`);
    if (await this.db.get('SELECT id FROM users WHERE lower(username) = lower(?)', [input.username])) {
      throw new AppError('conflict', `A user named ${input.username} already exists.`);
    }
    const created = await this.db.runReturning<{ id: number }>(
      `INSERT INTO users (username, display_name, role, provider_id, languages, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
      [
        input.username,
        (input.displayName ?? input.username).slice(0, 100),
        input.role,
        input.providerId ?? null,
        JSON.stringify(languages),
        await hashPassword(input.password),
        new Date().toISOString(),
      ],
    );
    return (await this.get(created!.id))!;
  }

  async get(id: number): Promise<User | null> {
    const row = await this.db.get<UserRow>('SELECT * FROM users WHERE id = ? AND disabled = 0', [id]);
    return row ? toUser(row) : null;
  }

  /** The account and its hash, for the login check only. */
  async findForLogin(username: string): Promise<{ user: User; passwordHash: string } | null> {
    const row = await this.db.get<UserRow>('SELECT * FROM users WHERE lower(username) = lower(?) AND disabled = 0', [username]);
    return row ? { user: toUser(row), passwordHash: row.password_hash } : null;
  }

  async list(): Promise<User[]> {
    return (await this.db.all<UserRow>('SELECT * FROM users WHERE disabled = 0 ORDER BY username')).map(toUser);
  }

  async setPassword(username: string, password: string): Promise<boolean> {
    const weak = passwordProblem(password);
    if (weak) throw new AppError('validationFailed', weak);
    const r = await this.db.run('UPDATE users SET password_hash = ? WHERE lower(username) = lower(?)', [await hashPassword(password), username]);
    if (r.changes) await this.db.run('DELETE FROM auth_tokens WHERE user_id = (SELECT id FROM users WHERE lower(username) = lower(?))', [username]);
    return r.changes > 0;
  }

  /** Disables rather than deletes: the audit log and closed handoffs keep naming who did what. */
  async disable(username: string): Promise<boolean> {
    const r = await this.db.run('UPDATE users SET disabled = 1 WHERE lower(username) = lower(?) AND disabled = 0', [username]);
    if (r.changes) await this.db.run('DELETE FROM auth_tokens WHERE user_id = (SELECT id FROM users WHERE lower(username) = lower(?))', [username]);
    return r.changes > 0;
  }
}
