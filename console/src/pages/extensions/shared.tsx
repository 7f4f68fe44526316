import { MessageBar, MessageBarBody, makeStyles, Tab, TabList, tokens } from '@fluentui/react-components';
import type { ReactNode } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useCan } from '../../api/access';
import { PageHeader } from '../../components/PageHeader';
import { useStrings } from '../../strings';
import { ACTIONS } from './api';

/** The absolute console path of the area (relative paths in splat routes are brittle). */
export const extPath = (tenantId: string, ...rest: string[]) =>
  ['', 't', encodeURIComponent(tenantId), 'extensions', ...rest.map(encodeURIComponent)].join('/');

const NARROW = '@media (max-width: 767px)';

export const useStyles = makeStyles({
  nav: { marginBottom: tokens.spacingVerticalL, overflowX: 'auto' },
  tabList: { flexWrap: 'wrap' },
  section: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    marginBottom: tokens.spacingVerticalXL,
    maxWidth: '720px',
    minWidth: 0,
  },
  wide: { maxWidth: '960px' },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, maxWidth: '720px' },
  fieldset: { border: 'none', margin: 0, padding: 0, minWidth: 0 },
  heading: { margin: 0 },
  row: { display: 'flex', flexWrap: 'wrap', alignItems: 'flex-end', gap: tokens.spacingHorizontalM },
  fields: { display: 'flex', flexWrap: 'wrap', alignItems: 'flex-start', gap: tokens.spacingHorizontalXXL },
  value: { display: 'inline-flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalXS },
  grow: { flexGrow: 1, flexBasis: '220px', minWidth: 0 },
  narrowInput: { width: '160px', maxWidth: '100%' },
  // A native select is as wide as its longest option: it must shrink with the form instead.
  fill: { width: '100%', minWidth: 0 },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'center' },
  notice: { marginBottom: tokens.spacingVerticalM },
  mono: { fontFamily: tokens.fontFamilyMonospace, overflowWrap: 'anywhere' },
  muted: { color: tokens.colorNeutralForeground3 },
  visuallyHidden: {
    position: 'absolute',
    width: '1px',
    height: '1px',
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
    whiteSpace: 'nowrap',
  },
  error: { color: tokens.colorPaletteRedForeground1 },
  link: {
    color: tokens.colorBrandForegroundLink,
    fontWeight: tokens.fontWeightSemibold,
    overflowWrap: 'anywhere',
    ':hover': { color: tokens.colorBrandForegroundLinkHover },
  },
  back: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalXS,
    marginBottom: tokens.spacingVerticalS,
  },
  choices: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  choiceHint: {
    display: 'block',
    color: tokens.colorNeutralForeground3,
    paddingLeft: '32px',
    marginTop: `calc(-1 * ${tokens.spacingVerticalS})`,
    [NARROW]: { paddingLeft: '28px' },
  },
  code: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
});

type AreaPage = 'custom' | 'claimsMapping';
const SEGMENTS: Record<AreaPage, string> = { custom: 'custom', claimsMapping: 'claims-mapping' };

/** The area's header: "Extensions | page", then its tabs (those the admin's roles let it read). */
export function AreaHeader({
  page,
  subtitle,
  actions,
}: {
  page: AreaPage;
  subtitle?: string;
  actions?: ReactNode;
}) {
  const t = useStrings();
  const s = t.extensions;
  const styles = useStyles();
  const navigate = useNavigate();
  const can = useCan();
  const { tenantId = '' } = useParams();
  const pages = (Object.keys(SEGMENTS) as AreaPage[]).filter(
    (id) => id === page || can(id === 'custom' ? ACTIONS.readExtensions : ACTIONS.readPolicies, tenantId),
  );
  return (
    <>
      <PageHeader title={s.pages[page]} subtitle={subtitle} actions={actions} />
      <nav aria-label={s.areaNav} className={styles.nav}>
        <TabList
          className={styles.tabList}
          selectedValue={page}
          onTabSelect={(_event, data) => navigate(extPath(tenantId, SEGMENTS[data.value as AreaPage]))}
        >
          {pages.map((id) => (
            <Tab key={id} value={id}>
              {s.pages[id]}
            </Tab>
          ))}
        </TabList>
      </nav>
    </>
  );
}

/** Says the page is read-only for the admin's roles. */
export function ReadOnlyNotice({ show }: { show: boolean }) {
  const t = useStrings();
  const styles = useStyles();
  if (!show) return null;
  return (
    <MessageBar intent="info" className={styles.notice}>
      <MessageBarBody>{t.extensions.readOnly}</MessageBarBody>
    </MessageBar>
  );
}
