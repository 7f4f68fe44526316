import { useSearchParams } from 'react-router';
import { addDays, isDay, todayUtc } from './dates';
import type { DashboardFilter } from './model';

export const PRESETS = ['7', '30', '90'] as const;
export type RangeChoice = (typeof PRESETS)[number] | 'custom';

export interface DashboardState extends DashboardFilter {
  range: RangeChoice;
}

/**
 * The dashboard's filters, kept in the address (`?range=30`, `?range=custom&from=…&to=…`,
 * `&app=…`) so that a view can be bookmarked and shared.
 */
export function useDashboardState(): [DashboardState, (next: Partial<DashboardState>) => void] {
  const [params, setParams] = useSearchParams();
  const today = todayUtc();
  const asked = params.get('range');
  const range: RangeChoice =
    asked === 'custom' || (PRESETS as readonly string[]).includes(asked ?? '')
      ? (asked as RangeChoice)
      : '30';
  let from: string;
  let to: string;
  if (range === 'custom') {
    to = isDay(params.get('to')) ? (params.get('to') as string) : today;
    from = isDay(params.get('from')) ? (params.get('from') as string) : addDays(to, -29);
    if (from > to) [from, to] = [to, from];
    // The roll-ups keep 13 months: a longer range would only add empty days.
    if (from < addDays(to, -399)) from = addDays(to, -399);
  } else {
    to = today;
    from = addDays(today, -(Number(range) - 1));
  }
  const appId = params.get('app') || undefined;
  const state: DashboardState = { range, from, to, appId };
  const update = (next: Partial<DashboardState>) => {
    const merged = { ...state, ...next };
    const query: Record<string, string> = { range: merged.range };
    if (merged.range === 'custom') {
      query.from = merged.from;
      query.to = merged.to;
    }
    if (merged.appId) query.app = merged.appId;
    setParams(query, { replace: true });
  };
  return [state, update];
}
