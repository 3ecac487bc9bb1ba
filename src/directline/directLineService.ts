import { randomBytes } from 'node:crypto';
import type { Activity } from 'botbuilder';
import type WebSocket from 'ws';
import { AppError } from '../errors';
import type { Logger } from '../logging/logger';
import { readClientActivity } from './clientActivity';
import type { ConversationStore } from './conversationStore';
import type { Notifications } from '../db/notifications';
import type { TokenClaims, TokenSigner } from './tokens';

export const BOT_ACCOUNT = { id: 'bildungslotse', name: 'Bildungslotse' };
/** Keep-alive frames: proxies close idle sockets after about a minute. */
const KEEP_ALIVE_MS = 15_000;
/** A client that does not read is cut off rather than buffered without end. */
const MAX_BUFFERED_BYTES = 1_000_000;

export interface ConversationResponse {
  conversationId: string;
  token: string;
  expires_in: number;
  streamUrl?: string;
}

/** Where an instance says "conversation c has activity s" for the instance that holds c's socket. */
const ACTIVITY_CHANNEL = 'directline_activity';
/** An activity this small travels in the notification itself; a larger one (a card) is read from the database. */
const INLINE_ACTIVITY_BYTES = 6_000;

interface ActivityNotice {
  conversationId: string;
  seq?: number;
  activity?: Partial<Activity>;
}

/** Hands an activity to the bot (the loopback adapter); replies come back through `botReply`. */
export type BotDelivery = (activity: Partial<Activity>) => Promise<void>;

/**
 * The Direct Line 3.0 service logic, independent of HTTP: conversations bound to tokens, an
 * activity log per conversation with watermarks, one WebSocket per conversation.
 */
export class DirectLineService {
  private readonly sockets = new Map<string, WebSocket>();
  /** Sockets still being sent their backlog, with what was pushed meanwhile. */
  private readonly catchingUp = new WeakMap<WebSocket, Partial<Activity>[]>();
  /** The last stored activity each socket has been sent: what a catch-up starts after, and what a late notice must not repeat. */
  private readonly sentUpTo = new WeakMap<WebSocket, number>();
  private readonly turns = new Map<string, Promise<void>>();
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly keepAlive: NodeJS.Timeout;
  private unlisten?: () => void;

  constructor(
    private readonly store: ConversationStore,
    private readonly signer: TokenSigner,
    private readonly deliver: BotDelivery,
    private readonly serviceUrl: () => string,
    private readonly logger: Logger,
    private readonly notifications?: Notifications,
  ) {
    this.keepAlive = setInterval(() => {
      for (const socket of this.sockets.values()) if (socket.readyState === 1) socket.send('');
    }, KEEP_ALIVE_MS);
    this.keepAlive.unref();
  }

  /**
   * Listens for activities stored by other instances (an advisor's message written on another
   * instance, a reply to a newcomer who reconnected here) and pushes them to this instance's sockets.
   */
  async followOtherInstances(): Promise<void> {
    if (!this.notifications) return;
    this.unlisten = await this.notifications.listen(ACTIVITY_CHANNEL, (payload) => void this.deliverNotice(payload));
    // Notices sent while the connection between instances was down are lost: every socket here
    // is sent what was stored for its conversation since the last activity it got.
    this.notifications.onReconnect(() => void this.catchUpSockets());
  }

  private async catchUpSockets(): Promise<void> {
    for (const [conversationId, socket] of this.sockets) {
      if (this.catchingUp.has(socket)) continue;
      try {
        const missed = await this.store.since(conversationId, this.sentUpTo.get(socket) ?? null);
        if (missed.activities.length) this.push(conversationId, missed.activities);
      } catch (err) {
        this.logger.warn({ err: (err as Error).message }, 'socket not caught up after reconnecting to the other instances');
      }
    }
  }

  /**
   * tokens/generate: a new conversation with a new user bound into its token. The user id is
   * always ours: there is no Direct Line secret here to vouch for a caller, so a user id the
   * client chose would let anyone speak as (and erase the data of) someone else.
   */
  async generateToken(): Promise<ConversationResponse> {
    const userId = `dl_${randomBytes(12).toString('hex')}`;
    const conversationId = randomBytes(16).toString('hex');
    await this.store.create(conversationId, userId, null);
    const { token, expiresIn } = this.signer.issue(conversationId, userId);
    return { conversationId, token, expires_in: expiresIn };
  }

  /** tokens/refresh: the same conversation and user, a later expiry. */
  refresh(claims: TokenClaims): ConversationResponse {
    const { token, expiresIn } = this.signer.issue(claims.conversationId, claims.userId);
    return { conversationId: claims.conversationId, token, expires_in: expiresIn };
  }

  /** tokens/refresh from a client: only while the conversation exists (it may have been erased on request). */
  async refreshExisting(claims: TokenClaims): Promise<ConversationResponse> {
    await this.conversationFor(claims, claims.conversationId);
    return this.refresh(claims);
  }

  /** POST conversations: starts the token's conversation; the bot welcomes on the first start only. */
  async start(claims: TokenClaims, locale: unknown, streamBase: string): Promise<ConversationResponse> {
    const conversation = await this.conversationFor(claims, claims.conversationId);
    const cleanLocale = typeof locale === 'string' && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})?$/.test(locale) ? locale : null;
    if (await this.store.markStarted(conversation.id, cleanLocale)) {
      this.toBot({
        type: 'conversationUpdate',
        membersAdded: [{ id: claims.userId, name: '' }, BOT_ACCOUNT],
        from: { id: claims.userId, name: '' },
        locale: cleanLocale ?? undefined,
        conversation: { id: conversation.id } as Activity['conversation'],
      });
    }
    return { ...this.refresh(claims), streamUrl: this.streamUrl(streamBase, conversation.id, claims) };
  }

  /** GET conversations/{id}: reconnect, with a fresh stream URL from the given watermark. */
  async reconnect(claims: TokenClaims, conversationId: string, watermark: string | undefined, streamBase: string): Promise<ConversationResponse> {
    await this.conversationFor(claims, conversationId);
    return { ...this.refresh(claims), streamUrl: this.streamUrl(streamBase, conversationId, claims, watermark) };
  }

  async activities(claims: TokenClaims, conversationId: string, watermark: string | undefined) {
    await this.conversationFor(claims, conversationId);
    const result = await this.store.since(conversationId, parseWatermark(watermark));
    return { activities: result.activities, watermark: result.watermark === null ? undefined : String(result.watermark) };
  }

  /** A newcomer's activity: stored and echoed with its id, then handed to the bot. */
  async post(claims: TokenClaims, conversationId: string, body: unknown): Promise<{ id: string }> {
    const conversation = await this.conversationFor(claims, conversationId);
    this.rateLimit(conversationId);
    const { fromName, ...input } = readClientActivity(body);
    const activity: Partial<Activity> = {
      ...input,
      locale: input.locale ?? conversation.locale ?? undefined,
      // The token decides who speaks: a client cannot post as another user.
      from: { id: claims.userId, name: fromName ?? '', role: 'user' },
      recipient: BOT_ACCOUNT,
      conversation: { id: conversationId } as Activity['conversation'],
      channelId: 'webchat',
      timestamp: new Date() as unknown as Activity['timestamp'],
    };
    if (activity.type === 'typing') {
      return { id: `${conversationId}|typing` };
    }
    const { activity: stored, seq } = await this.store.append(conversationId, activity);
    this.pushEverywhere(conversationId, stored, seq);
    this.toBot(stored);
    return { id: stored.id! };
  }

  /** The bot's reply through the connector protocol: stored, then pushed to the socket. */
  async botReply(conversationId: string, body: Partial<Activity>): Promise<{ id: string }> {
    if (!(await this.store.get(conversationId))) throw new AppError('notFound', 'conversation not found');
    const activity: Partial<Activity> = { ...body, from: BOT_ACCOUNT, conversation: { id: conversationId } as Activity['conversation'], channelId: 'webchat' };
    delete activity.serviceUrl;
    delete activity.id;
    // Web Chat holds back a reply whose replyToId it has not seen for 5 s; proactive messages
    // (an advisor's, later) carry a random one.
    if (activity.replyToId && !(await this.store.hasActivity(conversationId, activity.replyToId))) delete activity.replyToId;
    if (activity.type === 'typing') {
      this.pushEverywhere(conversationId, { ...activity, id: `${conversationId}|typing` });
      return { id: `${conversationId}|typing` };
    }
    activity.timestamp = new Date() as unknown as Activity['timestamp'];
    const { activity: stored, seq } = await this.store.append(conversationId, activity);
    this.pushEverywhere(conversationId, stored, seq);
    return { id: stored.id! };
  }

  /** Attaches the conversation's one socket; a second one replaces the first. */
  async attach(claims: TokenClaims, conversationId: string, watermark: string | undefined, socket: WebSocket): Promise<void> {
    await this.conversationFor(claims, conversationId);
    this.sockets.get(conversationId)?.close(4000, 'collision');
    // Activities appended while the backlog is read are held back, then sent unless the backlog
    // already had them: a reconnecting client must get each activity once, in order.
    this.catchingUp.set(socket, []);
    this.sockets.set(conversationId, socket);
    socket.on('close', () => {
      if (this.sockets.get(conversationId) === socket) this.sockets.delete(conversationId);
    });
    socket.on('error', () => socket.terminate());
    let backlog: Awaited<ReturnType<ConversationStore['since']>>;
    let held: Partial<Activity>[];
    try {
      backlog = await this.store.since(conversationId, parseWatermark(watermark));
    } finally {
      held = this.catchingUp.get(socket) ?? [];
      this.catchingUp.delete(socket);
    }
    const fresh = held.filter((a) => {
      const seq = sequenceOf(a.id);
      return seq === null || backlog.watermark === null || seq > backlog.watermark;
    });
    const from = parseWatermark(watermark);
    if (from !== null) this.sentUpTo.set(socket, from);
    if (backlog.activities.length) this.send(socket, backlog.activities, backlog.watermark);
    if (fresh.length) this.send(socket, fresh, lastSequence(fresh) ?? backlog.watermark);
  }

  verify(token: string | undefined): TokenClaims {
    const claims = this.signer.verify(token);
    if (!claims) throw new AppError('forbidden', 'The token is missing, expired or invalid.');
    return claims;
  }

  openSockets(): number {
    return this.sockets.size;
  }

  close(): void {
    clearInterval(this.keepAlive);
    this.unlisten?.();
    for (const socket of this.sockets.values()) socket.close(1001, 'server shutting down');
    this.sockets.clear();
  }

  private async conversationFor(claims: TokenClaims, conversationId: string) {
    if (claims.conversationId !== conversationId) throw new AppError('forbidden', 'This token belongs to another conversation.');
    const conversation = await this.store.get(conversationId);
    if (!conversation) throw new AppError('notFound', 'conversation not found');
    return conversation;
  }

  /**
   * Turns of one conversation run one after the other: two quick messages would otherwise load
   * the same state, and the second save would lose (or conflict with) what the first one wrote.
   */
  private toBot(activity: Partial<Activity>): void {
    const withService: Partial<Activity> = { ...activity, serviceUrl: this.serviceUrl(), channelId: 'webchat', recipient: BOT_ACCOUNT };
    const id = activity.conversation?.id ?? '';
    const turn = (this.turns.get(id) ?? Promise.resolve())
      .then(() => this.deliver(withService))
      .catch((err: Error) => this.logger.error({ err: err.message }, 'bot turn failed on local Direct Line'));
    this.turns.set(id, turn);
    void turn.then(() => {
      if (this.turns.get(id) === turn) this.turns.delete(id);
    });
  }

  /**
   * To this instance's socket for the conversation, or, when it has none, to whichever instance
   * holds it (on one instance, nobody: the client polls or will reconnect and read the log).
   */
  private pushEverywhere(conversationId: string, activity: Partial<Activity>, seq?: number): void {
    if (this.sockets.has(conversationId)) {
      this.push(conversationId, [activity]);
      return;
    }
    if (!this.notifications) return;
    const notice: ActivityNotice = { conversationId, seq, activity };
    let payload = JSON.stringify(notice);
    if (Buffer.byteLength(payload) > INLINE_ACTIVITY_BYTES && seq !== undefined) payload = JSON.stringify({ ...notice, activity: undefined });
    if (Buffer.byteLength(payload) > INLINE_ACTIVITY_BYTES) return;
    this.notifications.publish(ACTIVITY_CHANNEL, payload).catch((err: Error) => this.logger.warn({ err: err.message }, 'activity not announced to other instances'));
  }

  private async deliverNotice(payload: string): Promise<void> {
    try {
      const notice = JSON.parse(payload) as ActivityNotice;
      if (!this.sockets.has(notice.conversationId)) return;
      const activity = notice.activity ?? (notice.seq !== undefined ? await this.store.at(notice.conversationId, notice.seq) : undefined);
      if (activity) this.push(notice.conversationId, [activity]);
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'activity from another instance not delivered');
    }
  }

  private push(conversationId: string, activities: Partial<Activity>[]): void {
    const socket = this.sockets.get(conversationId);
    if (!socket || socket.readyState !== 1) return;
    const held = this.catchingUp.get(socket);
    if (held) {
      held.push(...activities);
      return;
    }
    const sent = this.sentUpTo.get(socket);
    const unsent = sent === undefined ? activities : activities.filter((a) => (sequenceOf(a.id) ?? Infinity) > sent);
    if (unsent.length) this.send(socket, unsent, sequenceOf(unsent.at(-1)?.id));
  }

  private send(socket: WebSocket, activities: Partial<Activity>[], watermark: number | null): void {
    if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      socket.terminate();
      return;
    }
    socket.send(JSON.stringify({ activities, watermark: watermark === null ? undefined : String(watermark) }));
    const last = lastSequence(activities);
    if (last !== null && last > (this.sentUpTo.get(socket) ?? -1)) this.sentUpTo.set(socket, last);
  }

  /** 20 activities at once, then 2 a second, per conversation. */
  private rateLimit(conversationId: string): void {
    const now = Date.now();
    const bucket = this.buckets.get(conversationId) ?? { tokens: 20, at: now };
    bucket.tokens = Math.min(20, bucket.tokens + ((now - bucket.at) / 1000) * 2);
    bucket.at = now;
    if (bucket.tokens < 1) throw new AppError('tooManyRequests', 'Too many messages in this conversation, please slow down.');
    bucket.tokens -= 1;
    this.buckets.set(conversationId, bucket);
    if (this.buckets.size > 10_000) this.buckets.clear();
  }

  private streamUrl(base: string, conversationId: string, claims: TokenClaims, watermark?: string): string {
    const { token } = this.signer.issue(claims.conversationId, claims.userId);
    const w = parseWatermark(watermark);
    return `${base}/v3/directline/conversations/${conversationId}/stream?t=${encodeURIComponent(token)}${w === null ? '' : `&watermark=${w}`}`;
  }
}

/** The sequence number in an activity id (`conversation|0000012`); null for typing and foreign ids. */
function sequenceOf(id: string | undefined): number | null {
  return id && id.includes('|') && !id.endsWith('|typing') ? Number(id.split('|')[1]) : null;
}

function lastSequence(activities: readonly Partial<Activity>[]): number | null {
  for (let i = activities.length - 1; i >= 0; i--) {
    const seq = sequenceOf(activities[i]!.id);
    if (seq !== null) return seq;
  }
  return null;
}

function parseWatermark(value: string | undefined): number | null {
  if (value === undefined || value === '') return null;
  const n = Number(value);
  return Number.isInteger(n) && n >= -1 ? n : null;
}
