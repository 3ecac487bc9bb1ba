import type { User } from '../auth/users';
import type { Database } from '../db/database';
import { AppError } from '../errors';
import { CatalogueRejected, type AnyRecord, type CatalogueService } from './catalogueService';
import type { OfferRecord, ProviderRecord } from './records';

export type ProposalKind = 'offers' | 'providers';
export type ProposalStatus = 'pending' | 'approved' | 'rejected' | 'superseded';

export interface Proposal {
  id: number;
  kind: ProposalKind;
  entityId: string;
  providerId: string;
  proposedBy: string;
  proposed: AnyRecord;
  /** What newcomers see now (null for a new offer). */
  current: AnyRecord | null;
  status: ProposalStatus;
  reason: string | null;
  createdAt: string;
  decidedAt: string | null;
}

interface Row {
  id: number;
  kind: ProposalKind;
  entity_id: string;
  provider_id: string;
  proposed: string;
  status: ProposalStatus;
  reason: string | null;
  created_at: string;
  decided_at: string | null;
  username: string;
}

/**
 * Providers keep their own offers and entry current, but a change reaches newcomers only after a
 * coordinator approves it. Proposals are checked by the catalogue's rules when made (so a
 * provider sees problems at once) and again when approved.
 */
export class ProposalService {
  constructor(
    private readonly db: Database,
    private readonly catalogue: CatalogueService,
  ) {}

  /** A provider's own offers (and nothing else). */
  async ownOffers(user: User): Promise<OfferRecord[]> {
    const providerId = this.providerOf(user);
    return (await this.catalogue.all()).offers.filter((o) => o.providerId === providerId);
  }

  async ownRecord(user: User, kind: ProposalKind, id: string): Promise<AnyRecord> {
    const providerId = this.providerOf(user);
    const record = await this.catalogue.get(kind, id).catch(() => null);
    if (!record) throw new AppError('notFound', 'Diesen Eintrag gibt es nicht.');
    const owner = kind === 'offers' ? (record as OfferRecord).providerId : record.id;
    if (owner !== providerId) throw new AppError('forbidden', 'Dieser Eintrag gehört einem anderen Anbieter.');
    return record;
  }

  /** Stores a change (or a new offer) as pending; an earlier pending proposal for the same record is superseded. */
  async propose(user: User, kind: ProposalKind, id: string, body: unknown, creating: boolean): Promise<Proposal> {
    const providerId = this.providerOf(user);
    if (creating) {
      if (await this.catalogue.get(kind, id).catch(() => null)) throw new AppError('conflict', `Die ID „${id}“ ist schon vergeben.`);
    } else {
      await this.ownRecord(user, kind, id);
    }
    if (kind === 'providers' && id !== providerId) throw new AppError('forbidden', 'Dieser Eintrag gehört einem anderen Anbieter.');
    const value = { ...(body && typeof body === 'object' ? (body as object) : {}), id, ...(kind === 'offers' ? { providerId } : {}) };
    // The catalogue's rules, without writing: problems come back as 422 at once.
    await this.catalogue.importRecords({ [kind]: [{ row: 1, value }] }, { mode: 'upsert', dryRun: true, actor: user.id });
    const now = new Date().toISOString();
    return this.db.transaction(async (tx) => {
      // A new offer's id is taken from the moment another provider proposed it; only a
      // provider's own pending proposal is replaced by its newer one.
      const foreign =
        creating && (await tx.get(`SELECT 1 AS x FROM proposals WHERE kind = ? AND entity_id = ? AND status = 'pending' AND provider_id <> ?`, [kind, id, providerId]));
      if (foreign) throw new AppError('conflict', `Die ID „${id}“ ist schon vergeben.`);
      await tx.run(`UPDATE proposals SET status = 'superseded', decided_at = ? WHERE kind = ? AND entity_id = ? AND provider_id = ? AND status = 'pending'`, [
        now,
        kind,
        id,
        providerId,
      ]);
      const r = await tx.runReturning<{ id: number }>('INSERT INTO proposals (kind, entity_id, provider_id, user_id, proposed, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id', [
        kind,
        id,
        providerId,
        user.id,
        JSON.stringify(value),
        now,
      ]);
      return (await this.get(r!.id, tx))!;
    });
  }

  async list(filter: { status?: ProposalStatus; providerId?: string }): Promise<Proposal[]> {
    const where: string[] = [];
    const params: string[] = [];
    if (filter.status) (where.push('p.status = ?'), params.push(filter.status));
    if (filter.providerId) (where.push('p.provider_id = ?'), params.push(filter.providerId));
    const rows = await this.db.all<Row>(
      `SELECT p.*, u.username FROM proposals p JOIN users u ON u.id = p.user_id ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY p.id DESC LIMIT 500`,
      params,
    );
    return Promise.all(rows.map((r) => this.hydrate(r)));
  }

  async forProvider(user: User): Promise<Proposal[]> {
    return this.list({ providerId: this.providerOf(user) });
  }

  /** Applies the proposal through the catalogue (validation, audit, live index) as the coordinator. */
  async approve(id: number, coordinator: User): Promise<Proposal> {
    const p = await this.pending(id);
    const exists = await this.catalogue.get(p.kind, p.entityId).catch(() => null);
    // Two providers may have proposed the same new id before either was approved.
    if (exists && p.kind === 'offers' && (exists as OfferRecord).providerId !== p.providerId) {
      throw new AppError('conflict', 'Diesen Eintrag gibt es inzwischen, und er gehört einem anderen Anbieter.');
    }
    try {
      if (exists) await this.catalogue.update(p.kind, p.entityId, p.proposed, coordinator.id);
      else await this.catalogue.create(p.kind, p.proposed, coordinator.id);
    } catch (err) {
      if (err instanceof CatalogueRejected) throw new CatalogueRejected(err.problems);
      throw err;
    }
    await this.decide(id, 'approved', coordinator, null);
    return (await this.get(id))!;
  }

  async reject(id: number, coordinator: User, reason: string): Promise<Proposal> {
    await this.pending(id);
    await this.decide(id, 'rejected', coordinator, reason);
    return (await this.get(id))!;
  }

  private async decide(id: number, status: ProposalStatus, coordinator: User, reason: string | null): Promise<void> {
    const r = await this.db.run(`UPDATE proposals SET status = ?, reason = ?, decided_by = ?, decided_at = ? WHERE id = ? AND status = 'pending'`, [
      status,
      reason,
      coordinator.id,
      new Date().toISOString(),
      id,
    ]);
    if (r.changes !== 1) throw new AppError('conflict', 'Dieser Vorschlag wurde schon entschieden.');
  }

  private async pending(id: number): Promise<Proposal> {
    const p = await this.get(id);
    if (!p) throw new AppError('notFound', 'Diesen Vorschlag gibt es nicht.');
    if (p.status !== 'pending') throw new AppError('conflict', 'Dieser Vorschlag wurde schon entschieden.');
    return p;
  }

  private async get(id: number, db: Pick<Database, 'get'> = this.db): Promise<Proposal | null> {
    const row = await db.get<Row>('SELECT p.*, u.username FROM proposals p JOIN users u ON u.id = p.user_id WHERE p.id = ?', [id]);
    return row ? this.hydrate(row) : null;
  }

  private async hydrate(r: Row): Promise<Proposal> {
    return {
      id: r.id,
      kind: r.kind,
      entityId: r.entity_id,
      providerId: r.provider_id,
      proposedBy: r.username,
      proposed: JSON.parse(r.proposed) as AnyRecord,
      current: await this.catalogue.get(r.kind, r.entity_id).catch(() => null),
      status: r.status,
      reason: r.reason,
      createdAt: r.created_at,
      decidedAt: r.decided_at,
    };
  }

  private providerOf(user: User): string {
    if (user.role !== 'provider' || !user.providerId) throw new AppError('forbidden', 'Nur für Anbieter-Konten.');
    return user.providerId;
  }
}

export type { ProviderRecord };
