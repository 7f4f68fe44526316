import { createHmac, randomBytes } from 'node:crypto';

/**
 * Remembers, for a few minutes, which (client, secret) pairs argon2id has already accepted,
 * so a client that authenticates on every token request pays the deliberately slow hash once.
 * Concurrent checks of the same pair share one hash, so a busy client does not set off a
 * burst of argon2id runs when its entry expires. Only a keyed digest of the secret is held,
 * under a key that never leaves the process. Wrong secrets are never remembered.
 */
export class VerifiedSecretCache {
  readonly #key = randomBytes(32);
  readonly #byClient = new Map<string, Map<string, number>>();
  readonly #inFlight = new Map<string, Promise<number | undefined>>();
  #size = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  /**
   * True when the pair was accepted recently, or when `check` (the slow verification, which
   * answers the matching credential's expiry) accepts it now.
   */
  async verify(
    client: string,
    secret: string,
    nowMs: number,
    check: () => Promise<number | undefined>,
  ): Promise<boolean> {
    const digest = createHmac('sha256', this.#key).update(secret).digest('base64url');
    const until = this.#byClient.get(client)?.get(digest);
    if (until !== undefined && until > nowMs) return true;

    const flightKey = `${client}\n${digest}`;
    let flight = this.#inFlight.get(flightKey);
    if (!flight) {
      flight = check().finally(() => this.#inFlight.delete(flightKey));
      this.#inFlight.set(flightKey, flight);
    }
    const validUntil = await flight;
    if (validUntil === undefined) return false;
    this.#remember(client, digest, Math.min(validUntil, nowMs + this.ttlMs));
    return true;
  }

  #remember(client: string, digest: string, until: number): void {
    if (this.#size >= this.maxEntries) this.clear();
    const entries = this.#byClient.get(client) ?? new Map<string, number>();
    this.#byClient.set(client, entries);
    if (!entries.has(digest)) this.#size++;
    entries.set(digest, until);
  }

  forget(client: string): void {
    this.#size -= this.#byClient.get(client)?.size ?? 0;
    this.#byClient.delete(client);
  }

  /** Forgets every client whose name starts with `prefix` (a tenant's). */
  forgetPrefix(prefix: string): void {
    for (const client of this.#byClient.keys()) if (client.startsWith(prefix)) this.forget(client);
  }

  clear(): void {
    this.#byClient.clear();
    this.#size = 0;
  }
}
