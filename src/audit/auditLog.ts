import type { Queryable } from '../db/database';

export interface AuditEntry {
  at: string;
  actor: number | null;
  action: string;
  entity: string;
  entityId: string;
  before: unknown;
  after: unknown;
}

/** Who changed what and when, with the state before and after; append-only. */
export class AuditLog {
  constructor(private readonly db: Queryable) {}

  async record(entry: Omit<AuditEntry, 'at'>, db: Queryable = this.db): Promise<void> {
    await db.run('INSERT INTO audit_log (at, actor, action, entity, entity_id, before, after) VALUES (?, ?, ?, ?, ?, ?, ?)', [
      new Date().toISOString(),
      entry.actor,
      entry.action,
      entry.entity,
      entry.entityId,
      entry.before === undefined ? null : JSON.stringify(entry.before),
      entry.after === undefined ? null : JSON.stringify(entry.after),
    ]);
  }

  /** Many entries in one statement per chunk (imports). */
  async recordMany(entries: Omit<AuditEntry, 'at'>[], db: Queryable = this.db): Promise<void> {
    const at = new Date().toISOString();
    for (let i = 0; i < entries.length; i += 500) {
      const chunk = entries.slice(i, i + 500);
      await db.run(
        `INSERT INTO audit_log (at, actor, action, entity, entity_id, before, after) VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?, ?)').join(',')}`,
        chunk.flatMap((e) => [
          at,
          e.actor,
          e.action,
          e.entity,
          e.entityId,
          e.before === undefined || e.before === null ? null : JSON.stringify(e.before),
          e.after === undefined || e.after === null ? null : JSON.stringify(e.after),
        ]),
      );
    }
  }

  async forEntity(entity: string, entityId: string): Promise<AuditEntry[]> {
    const rows = await this.db.all<{ at: string; actor: number | null; action: string; entity: string; entity_id: string; before: string | null; after: string | null }>(
      'SELECT * FROM audit_log WHERE entity = ? AND entity_id = ? ORDER BY id',
      [entity, entityId],
    );
    return rows.map((r) => ({
      at: r.at,
      actor: r.actor,
      action: r.action,
      entity: r.entity,
      entityId: r.entity_id,
      before: r.before === null ? null : JSON.parse(r.before),
      after: r.after === null ? null : JSON.parse(r.after),
    }));
  }
}
