import type { Database, Engine } from './database';

export interface Migration {
  version: number;
  name: string;
  /**
   * One script for both engines, written in SQLite's words and translated for PostgreSQL by
   * `postgresDdl`, or one script per engine where they differ beyond that (triggers, functions).
   */
  sql: string | Record<Engine, string>;
}

/**
 * Append-only: a released migration is never edited, a change is a new version.
 * Per-language text lives in *_translations tables so a seventh language is rows, not columns.
 */
/** The catalogue tables the search is built from: table, change-feed kind, the id it belongs to. */
const FEED_SOURCES: readonly [table: string, kind: 'offers' | 'providers' | 'answers', id: string][] = [
  ['offers', 'offers', 'id'],
  ['offer_categories', 'offers', 'offer_id'],
  ['offer_translations', 'offers', 'offer_id'],
  ['providers', 'providers', 'id'],
  ['provider_translations', 'providers', 'provider_id'],
  ['answers', 'answers', 'id'],
  ['answer_translations', 'answers', 'answer_id'],
  ['answer_questions', 'answers', 'answer_id'],
  ['answer_followups', 'answers', 'answer_id'],
];

/** The lock that orders change-feed writers on PostgreSQL (any number unlike the transaction lock). */
const FEED_LOCK = 7_531_400_002;
/** Where PostgreSQL announces a committed catalogue change to every instance. */
export const CATALOGUE_CHANNEL = 'catalogue_changes';

/** Milliseconds since 1970 at the moment of the statement, as SQLite's unixepoch('subsec') * 1000. */
const PG_NOW_MS = '(extract(epoch FROM clock_timestamp()) * 1000)::bigint';

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'catalogue and bot state',
    sql: `
      CREATE TABLE towns (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        postcode TEXT NOT NULL,
        lat REAL NOT NULL,
        lon REAL NOT NULL,
        kind TEXT NOT NULL
      );
      CREATE TABLE categories (
        id TEXT PRIMARY KEY,
        position INTEGER NOT NULL
      );
      CREATE TABLE category_translations (
        category_id TEXT NOT NULL REFERENCES categories(id) ON DELETE CASCADE,
        lang TEXT NOT NULL,
        name TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (category_id, lang)
      );
      CREATE TABLE providers (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        type TEXT NOT NULL DEFAULT '',
        town_id TEXT NOT NULL REFERENCES towns(id),
        address TEXT NOT NULL DEFAULT '',
        phone TEXT,
        email TEXT,
        website TEXT,
        counselling INTEGER NOT NULL DEFAULT 0,
        source TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE provider_translations (
        provider_id TEXT NOT NULL REFERENCES providers(id) ON DELETE CASCADE,
        lang TEXT NOT NULL,
        description TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (provider_id, lang)
      );
      CREATE TABLE offers (
        id TEXT PRIMARY KEY,
        provider_id TEXT NOT NULL REFERENCES providers(id),
        town_id TEXT NOT NULL REFERENCES towns(id),
        address TEXT NOT NULL DEFAULT '',
        schedule TEXT NOT NULL DEFAULT '',
        cost TEXT NOT NULL DEFAULT '',
        free INTEGER NOT NULL DEFAULT 0,
        levels TEXT NOT NULL DEFAULT '[]',
        childcare INTEGER NOT NULL DEFAULT 0,
        women_only INTEGER NOT NULL DEFAULT 0,
        evening INTEGER NOT NULL DEFAULT 0,
        mode TEXT NOT NULL DEFAULT 'onsite',
        instruction_languages TEXT NOT NULL DEFAULT '["de"]',
        target_group TEXT NOT NULL DEFAULT '',
        contact TEXT NOT NULL DEFAULT '',
        url TEXT,
        valid_until TEXT,
        sample INTEGER NOT NULL DEFAULT 0,
        source TEXT NOT NULL DEFAULT '',
        reviewed_at TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX offers_town ON offers(town_id);
      CREATE TABLE offer_categories (
        offer_id TEXT NOT NULL REFERENCES offers(id) ON DELETE CASCADE,
        category_id TEXT NOT NULL REFERENCES categories(id),
        PRIMARY KEY (offer_id, category_id)
      );
      CREATE INDEX offer_categories_category ON offer_categories(category_id);
      CREATE TABLE offer_translations (
        offer_id TEXT NOT NULL REFERENCES offers(id) ON DELETE CASCADE,
        lang TEXT NOT NULL,
        title TEXT NOT NULL,
        summary TEXT NOT NULL DEFAULT '',
        updated_at TEXT NOT NULL,
        PRIMARY KEY (offer_id, lang)
      );
      CREATE TABLE answers (
        id TEXT PRIMARY KEY,
        category_id TEXT NOT NULL REFERENCES categories(id),
        source TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE answer_translations (
        answer_id TEXT NOT NULL REFERENCES answers(id) ON DELETE CASCADE,
        lang TEXT NOT NULL,
        text TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (answer_id, lang)
      );
      CREATE TABLE answer_questions (
        answer_id TEXT NOT NULL REFERENCES answers(id) ON DELETE CASCADE,
        lang TEXT NOT NULL,
        position INTEGER NOT NULL,
        question TEXT NOT NULL,
        PRIMARY KEY (answer_id, lang, position)
      );
      CREATE TABLE answer_followups (
        answer_id TEXT NOT NULL REFERENCES answers(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        followup_id TEXT NOT NULL REFERENCES answers(id) ON DELETE CASCADE,
        PRIMARY KEY (answer_id, position)
      );
      CREATE TABLE bot_state (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        etag TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      );
    `,
  },
  {
    version: 2,
    name: 'local Direct Line conversations and settings',
    sql: `
      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
      CREATE TABLE dl_conversations (
        id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL,
        locale TEXT,
        next_seq INTEGER NOT NULL DEFAULT 0,
        started INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX dl_conversations_updated ON dl_conversations(updated_at);
      CREATE TABLE dl_activities (
        conversation_id TEXT NOT NULL REFERENCES dl_conversations(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        id TEXT NOT NULL,
        json TEXT NOT NULL,
        PRIMARY KEY (conversation_id, seq)
      );
      CREATE UNIQUE INDEX dl_activities_id ON dl_activities(conversation_id, id);
    `,
  },
  {
    version: 3,
    name: 'staff accounts, handoff queue and audit log',
    sql: `
      CREATE TABLE users (
        id INTEGER PRIMARY KEY,
        username TEXT NOT NULL UNIQUE COLLATE NOCASE,
        display_name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('advisor', 'coordinator', 'provider')),
        provider_id TEXT REFERENCES providers(id),
        languages TEXT NOT NULL DEFAULT '["de"]',
        password_hash TEXT NOT NULL,
        disabled INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL
      );
      CREATE TABLE auth_tokens (
        token_hash TEXT PRIMARY KEY,
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL
      );
      CREATE INDEX auth_tokens_expires ON auth_tokens(expires_at);
      CREATE TABLE handoffs (
        id TEXT PRIMARY KEY,
        status TEXT NOT NULL CHECK (status IN ('waiting', 'active', 'closed', 'callback')),
        mode TEXT NOT NULL DEFAULT 'console' CHECK (mode IN ('console', 'protocol')),
        conversation_key TEXT NOT NULL,
        user_key TEXT NOT NULL,
        channel TEXT NOT NULL,
        reference TEXT NOT NULL,
        language TEXT NOT NULL,
        topic TEXT,
        town_id TEXT,
        consent INTEGER NOT NULL DEFAULT 0,
        transcript TEXT NOT NULL DEFAULT '[]',
        contact_kind TEXT CHECK (contact_kind IN ('phone', 'email')),
        contact TEXT,
        created_at INTEGER NOT NULL,
        accepted_at INTEGER,
        closed_at INTEGER,
        accepted_by INTEGER REFERENCES users(id),
        closed_by TEXT,
        outcome TEXT,
        feedback TEXT,
        timeout_offered INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX handoffs_status ON handoffs(status, created_at);
      CREATE INDEX handoffs_conversation ON handoffs(conversation_key, status);
      CREATE INDEX handoffs_user ON handoffs(user_key);
      CREATE TABLE handoff_messages (
        id INTEGER PRIMARY KEY,
        handoff_id TEXT NOT NULL REFERENCES handoffs(id) ON DELETE CASCADE,
        sender TEXT NOT NULL CHECK (sender IN ('user', 'advisor', 'bot')),
        text TEXT NOT NULL,
        original TEXT,
        advisor_id INTEGER REFERENCES users(id),
        at INTEGER NOT NULL,
        delivered INTEGER NOT NULL DEFAULT 1
      );
      CREATE INDEX handoff_messages_handoff ON handoff_messages(handoff_id, id);
      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor INTEGER REFERENCES users(id),
        action TEXT NOT NULL,
        entity TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        before TEXT,
        after TEXT
      );
      CREATE INDEX audit_log_entity ON audit_log(entity, entity_id);
    `,
  },
  {
    version: 4,
    name: 'offer status and unanswered questions',
    sql: `
      ALTER TABLE offers ADD COLUMN status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive'));
      CREATE TABLE unanswered_questions (
        id INTEGER PRIMARY KEY,
        text TEXT NOT NULL,
        lang TEXT NOT NULL,
        hour TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE INDEX unanswered_created ON unanswered_questions(created_at);
    `,
  },
  {
    version: 5,
    name: 'catalogue change feed',
    sql: `
      CREATE TABLE catalogue_changes (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        at INTEGER NOT NULL
      );
    `,
  },
  {
    version: 6,
    name: 'anonymous demand events',
    sql: `
      -- No user, no conversation, no text, and the hour instead of the second: a row cannot be
      -- traced back to a person, so it needs no deletion on request.
      CREATE TABLE demand_events (
        id INTEGER PRIMARY KEY,
        hour TEXT NOT NULL,
        month TEXT NOT NULL,
        lang TEXT NOT NULL,
        intent TEXT NOT NULL,
        categories TEXT NOT NULL DEFAULT '',
        town_id TEXT,
        results INTEGER NOT NULL DEFAULT 0,
        handoff INTEGER NOT NULL DEFAULT 0,
        feedback TEXT
      );
      CREATE INDEX demand_events_month ON demand_events(month);
    `,
  },
  {
    version: 7,
    name: 'provider proposals',
    sql: `
      CREATE TABLE proposals (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('offers', 'providers')),
        entity_id TEXT NOT NULL,
        provider_id TEXT NOT NULL,
        user_id INTEGER NOT NULL REFERENCES users(id),
        proposed TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected', 'superseded')),
        reason TEXT,
        created_at TEXT NOT NULL,
        decided_by INTEGER REFERENCES users(id),
        decided_at TEXT
      );
      CREATE INDEX proposals_status ON proposals(status, created_at);
      CREATE INDEX proposals_provider ON proposals(provider_id, created_at);
    `,
  },
  {
    version: 8,
    name: 'database identity for the saved search index',
    sql: {
      sqlite: `
      -- A saved search index belongs to one database: a copy or backup keeps the id, a new file
      -- gets its own. The first change-feed row means the feed is never empty, so "the index
      -- was saved at change N" can always be checked against the feed.
      CREATE TABLE database_identity (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        instance TEXT NOT NULL
      );
      INSERT INTO database_identity (id, instance) VALUES (1, lower(hex(randomblob(16))));
      INSERT INTO catalogue_changes (kind, entity_id, at) VALUES ('database', 'created', CAST(unixepoch('subsec') * 1000 AS INTEGER));
    `,
      postgres: `
      CREATE TABLE database_identity (
        id BIGINT PRIMARY KEY CHECK (id = 1),
        instance TEXT NOT NULL
      );
      INSERT INTO database_identity (id, instance) VALUES (1, md5(random()::text || clock_timestamp()::text));
      INSERT INTO catalogue_changes (kind, entity_id, at) VALUES ('database', 'created', ${PG_NOW_MS});
    `,
    },
  },
  {
    version: 9,
    name: 'every catalogue write in the change feed',
    // Written by triggers, not by the service: an edit in the sqlite3 shell (or psql) or a future
    // code path reaches running services and saved searches like an edit on the admin page.
    sql: {
      sqlite: FEED_SOURCES.map(([table, kind, id]) =>
        (['INSERT', 'UPDATE', 'DELETE'] as const)
          .map(
            (op) => `CREATE TRIGGER feed_${table}_${op.toLowerCase()} AFTER ${op} ON ${table} BEGIN
            INSERT INTO catalogue_changes (kind, entity_id, at) VALUES ('${kind}', ${op === 'DELETE' ? 'OLD' : 'NEW'}.${id}, CAST(unixepoch('subsec') * 1000 AS INTEGER));
          END;`,
          )
          .join('\n'),
      ).join('\n'),
      postgres: `
      -- Readers take the feed in seq order and remember the last seq they applied. Two writers
      -- could commit seq 8 after seq 9, and a reader that saw 9 would never apply 8; the lock
      -- (held to commit) lets the next writer draw its seq only after the previous one committed.
      -- The notification wakes every instance's follower at commit.
      CREATE FUNCTION feed_catalogue_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_advisory_xact_lock(${FEED_LOCK});
        INSERT INTO catalogue_changes (kind, entity_id, at)
        VALUES (TG_ARGV[0], (CASE WHEN TG_OP = 'DELETE' THEN to_jsonb(OLD) ELSE to_jsonb(NEW) END) ->> TG_ARGV[1], ${PG_NOW_MS});
        PERFORM pg_notify('${CATALOGUE_CHANNEL}', '');
        RETURN NULL;
      END $$;
      ${FEED_SOURCES.map(
        ([table, kind, id]) =>
          `CREATE TRIGGER feed_${table} AFTER INSERT OR UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION feed_catalogue_change('${kind}', '${id}');`,
      ).join('\n      ')}
    `,
    },
  },
  {
    version: 10,
    name: 'offer audiences',
    // Existing offers keep their free-text target group and get no audience: nothing is guessed.
    sql: `ALTER TABLE offers ADD COLUMN audiences TEXT NOT NULL DEFAULT '[]';`,
  },
  {
    version: 11,
    name: 'why an unanswered question missed',
    // Rows from before found nothing: that was the only reason recorded then.
    sql: `ALTER TABLE unanswered_questions ADD COLUMN reason TEXT NOT NULL DEFAULT 'nothing' CHECK (reason IN ('nothing', 'notHelpful'));
          ALTER TABLE unanswered_questions ADD COLUMN answer_id TEXT;`,
  },
  {
    version: 12,
    name: 'schedule and cost as data, newcomer notes per language',
    // The German strings become the German notes; schedule_data and cost_data stay NULL until the
    // catalogue reads those notes into data at start (catalogue/upgrade.ts), which SQL cannot.
    // The German rows keep their updated_at: the text did not change, translations are not outdated.
    sql: `ALTER TABLE offers ADD COLUMN schedule_data TEXT;
          ALTER TABLE offers ADD COLUMN cost_data TEXT;
          ALTER TABLE offer_translations ADD COLUMN schedule_note TEXT NOT NULL DEFAULT '';
          ALTER TABLE offer_translations ADD COLUMN cost_note TEXT NOT NULL DEFAULT '';
          ALTER TABLE offer_translations ADD COLUMN target_group TEXT NOT NULL DEFAULT '';
          ALTER TABLE offer_translations ADD COLUMN contact TEXT NOT NULL DEFAULT '';
          INSERT INTO offer_translations (offer_id, lang, title, summary, updated_at)
            SELECT id, 'de', '', '', updated_at FROM offers WHERE id NOT IN (SELECT offer_id FROM offer_translations WHERE lang = 'de');
          UPDATE offer_translations SET
            schedule_note = (SELECT schedule FROM offers WHERE offers.id = offer_id),
            cost_note = (SELECT cost FROM offers WHERE offers.id = offer_id),
            target_group = (SELECT target_group FROM offers WHERE offers.id = offer_id),
            contact = (SELECT contact FROM offers WHERE offers.id = offer_id)
          WHERE lang = 'de';
          ALTER TABLE offers DROP COLUMN schedule;
          ALTER TABLE offers DROP COLUMN cost;
          ALTER TABLE offers DROP COLUMN target_group;
          ALTER TABLE offers DROP COLUMN contact;`,
  },
  {
    version: 13,
    name: 'category order as data, usernames unique whatever their case',
    // The first category is an offer's main topic. SQLite kept the order as the rows' insertion
    // order (rowid), which PostgreSQL does not have. Usernames compare case-insensitively: on
    // SQLite the column's NOCASE collation does it, on PostgreSQL an index on lower(username).
    sql: {
      sqlite: `ALTER TABLE offer_categories ADD COLUMN position INTEGER NOT NULL DEFAULT 0;
          UPDATE offer_categories SET position = (SELECT count(*) FROM offer_categories earlier
            WHERE earlier.offer_id = offer_categories.offer_id AND earlier.rowid < offer_categories.rowid);`,
      postgres: `ALTER TABLE offer_categories ADD COLUMN position BIGINT NOT NULL DEFAULT 0;
          CREATE UNIQUE INDEX users_username_lower ON users (lower(username));`,
    },
  },
  {
    version: 14,
    name: 'offers still without schedule or cost data, found without a scan',
    // Every start asks for them (upgradeCatalogue); at 100,000 offers scanning took a tenth of a
    // second to find none. The index holds only such rows, so it stays empty once they are read.
    sql: `CREATE INDEX offers_without_times ON offers (id) WHERE schedule_data IS NULL OR cost_data IS NULL;`,
  },
];

/**
 * The migrations were first written for SQLite; PostgreSQL reads the same script with its own
 * types. Times are milliseconds (beyond INTEGER's 32 bits there), an INTEGER PRIMARY KEY is
 * SQLite's auto-numbered row id, REAL is SQLite's double, and NOCASE has no PostgreSQL
 * counterpart (migration 13 adds a lower(username) index instead).
 */
export function postgresDdl(sql: string): string {
  return sql
    .replace(/\bINTEGER PRIMARY KEY AUTOINCREMENT\b/g, 'BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY')
    .replace(/\bINTEGER PRIMARY KEY\b/g, 'BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY')
    .replace(/\bINTEGER\b/g, 'BIGINT')
    .replace(/\bREAL\b/g, 'DOUBLE PRECISION')
    .replace(/\s+COLLATE NOCASE\b/g, '');
}

export function migrationSql(migration: Migration, engine: Engine): string {
  if (typeof migration.sql !== 'string') return migration.sql[engine];
  return engine === 'postgres' ? postgresDdl(migration.sql) : migration.sql;
}

/**
 * Applies every migration the database has not seen yet, each in its own transaction. Several
 * instances may start at once on PostgreSQL: transactions never interleave, and each checks
 * again inside its own whether another instance applied the migration first.
 */
export async function migrate(db: Database, list: readonly Migration[] = migrations): Promise<number[]> {
  await db.transaction((tx) =>
    tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`),
  );
  const done = new Set((await db.all<{ version: number }>('SELECT version FROM schema_migrations')).map((r) => r.version));
  const applied: number[] = [];
  for (const m of [...list].sort((a, b) => a.version - b.version)) {
    if (done.has(m.version)) continue;
    const ran = await db.transaction(async (tx) => {
      if (await tx.get('SELECT 1 AS x FROM schema_migrations WHERE version = ?', [m.version])) return false;
      await tx.exec(migrationSql(m, db.engine));
      await tx.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [m.version, m.name, new Date().toISOString()]);
      return true;
    });
    if (ran) applied.push(m.version);
  }
  return applied;
}
