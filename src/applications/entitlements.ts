import { newId } from '../platform/index.js';
import { applicationErrors } from './model.js';

/** An app role or a delegated permission scope: what a token's `roles` or `scp` carries. */
interface Entitlement {
  id: string;
  value: string;
  isEnabled: boolean;
}

/**
 * The app roles or scopes of an update, checked against the stored ones. Each keeps the id it
 * is given, else the id of the stored one with the same value (a list written back without
 * ids keeps them), else gets a new one. As in Entra, an enabled one may not be removed or
 * change its value: it is disabled (isEnabled false) in one update and removed in a later one.
 */
export function reconcileEntitlements<T extends { id?: string; value: string }>(
  next: T[],
  current: Entitlement[],
  kind: 'app role' | 'scope',
  target: string,
): (T & { id: string })[] {
  const byValue = new Map(current.map((e) => [e.value, e.id]));
  const given = new Set(next.flatMap((e) => (e.id === undefined ? [] : [e.id])));
  const seen = new Set<string>();
  const result = next.map((entry, index) => {
    const reused = byValue.get(entry.value);
    const id = entry.id ?? (reused !== undefined && !given.has(reused) ? reused : newId());
    if (seen.has(id)) throw applicationErrors.duplicateEntitlementId(id, `${target}.${index}.id`);
    seen.add(id);
    return { ...entry, id };
  });
  const byId = new Map(result.map((e) => [e.id, e]));
  for (const stored of current) {
    if (!stored.isEnabled) continue;
    const kept = byId.get(stored.id);
    if (!kept || kept.value !== stored.value)
      throw applicationErrors.enabledEntitlementRemoved(kind, stored.value, target);
  }
  return result;
}
