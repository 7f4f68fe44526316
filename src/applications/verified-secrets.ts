import { createHmac, randomBytes } from 'node:crypto';

/**
 * Remembers, for a few minutes, which (client, secret) pairs argon2id has already accepted,
 * so a client that authenticates on every token request pays the deliberately slow hash once.
 * Only a keyed digest of the secret is held, under a key that never leaves the process.
 * Wrong secrets are never remembered.
 */
export class VerifiedSecretCache {
  readonly #key = randomBytes(32);
  readonly #byClient = new Map<string, Map<string, number>>();
  #size = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  #digest(secret: string): string {
    return createHmac('sha256', this.#key).update(secret).digest('base64url');
  }

  has(client: string, secret: string, nowMs: number): boolean {
    const until = this.#byClient.get(client)?.get(this.#digest(secret));
    return until !== undefined && until > nowMs;
  }

  remember(client: string, secret: string, untilMs: number, nowMs: number): void {
    if (this.#size >= this.maxEntries) this.clear();
    const entries = this.#byClient.get(client) ?? new Map<string, number>();
    this.#byClient.set(client, entries);
    const digest = this.#digest(secret);
    if (!entries.has(digest)) this.#size++;
    entries.set(digest, Math.min(untilMs, nowMs + this.ttlMs));
  }

  forget(client: string): void {
    this.#size -= this.#byClient.get(client)?.size ?? 0;
    this.#byClient.delete(client);
  }

  clear(): void {
    this.#byClient.clear();
    this.#size = 0;
  }
}
