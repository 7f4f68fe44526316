/**
 * Values loaded per tenant and key, held until the tenant's entries are dropped. The promise
 * is held, so concurrent callers share one load; a failed load is not kept. Bounded: past
 * `maxEntries`, everything is dropped and loaded afresh.
 */
export class TenantCache<V> {
  readonly #byTenant = new Map<string, Map<string, Promise<V>>>();
  #size = 0;

  constructor(private readonly maxEntries = 10_000) {}

  get(tenantId: string, key: string, load: () => Promise<V>): Promise<V> {
    const cached = this.#byTenant.get(tenantId)?.get(key);
    if (cached) return cached;
    if (this.#size >= this.maxEntries) this.clear();
    let entries = this.#byTenant.get(tenantId);
    if (!entries) {
      entries = new Map();
      this.#byTenant.set(tenantId, entries);
    }
    const held = entries;
    const loading = load();
    held.set(key, loading);
    this.#size++;
    loading.catch(() => {
      if (held.get(key) !== loading) return;
      held.delete(key);
      if (this.#byTenant.get(tenantId) === held) this.#size--;
    });
    return loading;
  }

  forgetTenant(tenantId: string): void {
    this.#size -= this.#byTenant.get(tenantId)?.size ?? 0;
    this.#byTenant.delete(tenantId);
  }

  clear(): void {
    this.#byTenant.clear();
    this.#size = 0;
  }

  get size(): number {
    return this.#size;
  }
}
