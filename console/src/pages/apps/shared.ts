import { makeStyles, tokens } from '@fluentui/react-components';
import type { Application } from './model';

export const useTableStyles = makeStyles({
  scroll: { overflowX: 'auto', maxWidth: '100%' },
  mono: { fontFamily: tokens.fontFamilyMonospace, overflowWrap: 'anywhere' },
  secondary: { '@media (max-width: 767px)': { display: 'none' } },
  badges: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalXS },
  section: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    marginBottom: tokens.spacingVerticalXXL,
    maxWidth: '960px',
  },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, maxWidth: '640px' },
  row: { display: 'flex', flexWrap: 'wrap', alignItems: 'flex-end', gap: tokens.spacingHorizontalS },
  grow: { flexGrow: 1, minWidth: '200px' },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
  error: { color: tokens.colorPaletteRedForeground1 },
  fieldset: { border: 'none', margin: 0, padding: 0, minWidth: 0 },
  legend: { padding: 0, marginBottom: tokens.spacingVerticalXS, fontWeight: tokens.fontWeightSemibold },
});

/** The platforms an app is registered for, as the wizard names them. */
export function platformsOf(app: Application): ('web' | 'spa' | 'publicClient' | 'daemon')[] {
  const found: ('web' | 'spa' | 'publicClient' | 'daemon')[] = [];
  if (app.web.redirectUris.length) found.push('web');
  if (app.spa.redirectUris.length) found.push('spa');
  if (app.publicClient.redirectUris.length || app.isFallbackPublicClient) found.push('publicClient');
  if (!found.length) found.push('daemon');
  return found;
}

/** The absolute console path of the apps area of a tenant (relative paths in splat routes are brittle). */
export const appsPath = (tenantId: string, ...rest: string[]) =>
  ['', 't', encodeURIComponent(tenantId), 'apps', ...rest.map(encodeURIComponent)].join('/');
