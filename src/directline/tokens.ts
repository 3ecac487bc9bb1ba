import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export interface TokenClaims {
  conversationId: string;
  userId: string;
  /** Expiry, seconds since the epoch. */
  exp: number;
}

const b64 = (data: Buffer | string) => Buffer.from(data).toString('base64url');

/**
 * Direct Line tokens: the conversation and the user bound into an HMAC-signed, expiring
 * string. The key lives in the database, so tokens survive a restart and a reloaded page
 * continues its conversation.
 */
export class TokenSigner {
  constructor(
    private readonly key: Buffer,
    readonly lifetimeSeconds = 3600,
    private readonly now: () => number = () => Math.floor(Date.now() / 1000),
  ) {}

  static newKey(): Buffer {
    return randomBytes(32);
  }

  issue(conversationId: string, userId: string): { token: string; expiresIn: number } {
    const claims: TokenClaims = { conversationId, userId, exp: this.now() + this.lifetimeSeconds };
    const body = b64(JSON.stringify(claims));
    return { token: `${body}.${this.sign(body)}`, expiresIn: this.lifetimeSeconds };
  }

  /** The claims of a valid, unexpired token, or null for anything else. */
  verify(token: string | undefined): TokenClaims | null {
    if (!token) return null;
    const [body, signature, extra] = token.split('.');
    if (!body || !signature || extra !== undefined) return null;
    const expected = Buffer.from(this.sign(body));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    try {
      const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Partial<TokenClaims>;
      if (typeof claims.conversationId !== 'string' || typeof claims.userId !== 'string' || typeof claims.exp !== 'number') return null;
      return claims.exp > this.now() ? (claims as TokenClaims) : null;
    } catch {
      return null;
    }
  }

  private sign(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url');
  }
}
