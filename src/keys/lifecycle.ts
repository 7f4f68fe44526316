import type { SigningKeyStatus } from './model.js';

export interface KeyTimes {
  kid: string;
  activatesAt: Date;
}

export interface KeyState<K extends KeyTimes> {
  key: K;
  status: SigningKeyStatus;
  retiredAt?: Date;
  removalAt?: Date;
}

export interface KeyLifecycle<K extends KeyTimes> {
  /** Every key still published, the active one first. */
  published: KeyState<K>[];
  active: K | undefined;
  /** Keys whose last token has expired: safe to delete. */
  removable: K[];
  /** The next moment at which some key changes state. */
  validUntil: Date | undefined;
}

/**
 * Derives each key's state from activation times alone: the key that activated last signs;
 * each earlier key retired when its successor activated and stays published for
 * `retentionMs` (the longest token lifetime) after that.
 */
export function classifyKeys<K extends KeyTimes>(keys: K[], now: Date, retentionMs: number): KeyLifecycle<K> {
  const ordered = [...keys].sort((a, b) => a.activatesAt.getTime() - b.activatesAt.getTime());
  const started = ordered.filter((k) => k.activatesAt <= now);
  const pending = ordered.filter((k) => k.activatesAt > now);
  const active = started.at(-1);

  const published: KeyState<K>[] = [];
  const removable: K[] = [];
  const transitions: number[] = pending.map((k) => k.activatesAt.getTime());
  if (active) published.push({ key: active, status: 'active' });
  for (const key of pending) published.push({ key, status: 'pending' });
  for (let i = started.length - 2; i >= 0; i--) {
    const key = started[i] as K;
    const retiredAt = (started[i + 1] as K).activatesAt;
    const removalAt = new Date(retiredAt.getTime() + retentionMs);
    if (removalAt <= now) {
      removable.push(key);
    } else {
      published.push({ key, status: 'retired', retiredAt, removalAt });
      transitions.push(removalAt.getTime());
    }
  }
  const next = transitions.length ? Math.min(...transitions) : undefined;
  return { published, active, removable, validUntil: next === undefined ? undefined : new Date(next) };
}
