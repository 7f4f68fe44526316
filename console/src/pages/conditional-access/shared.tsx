import { Badge, makeStyles, Tab, TabList, tokens } from '@fluentui/react-components';
import { useNavigate, useParams } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { format, useStrings } from '../../strings';
import type { PolicyState } from './model';

/** The absolute console path of the area (relative paths in splat routes are brittle). */
export const caPath = (tenantId: string, ...rest: string[]) =>
  ['', 't', encodeURIComponent(tenantId), 'conditional-access', ...rest.map(encodeURIComponent)].join('/');

const NARROW = '@media (max-width: 767px)';

export const useStyles = makeStyles({
  nav: { marginBottom: tokens.spacingVerticalL, overflowX: 'auto' },
  section: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    marginBottom: tokens.spacingVerticalXL,
    minWidth: 0,
  },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, maxWidth: '720px' },
  grid: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(min(100%, 240px), 1fr))',
    gap: tokens.spacingVerticalM,
    maxWidth: '1080px',
    alignItems: 'start',
    '& > *': { minWidth: 0 },
  },
  fill: { width: '100%', minWidth: 0 },
  notice: { marginBottom: tokens.spacingVerticalM },
  totals: { minWidth: '320px' },
  wideGrid: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(min(100%, 360px), 1fr))',
    gap: tokens.spacingVerticalL,
    alignItems: 'start',
    '& > *': { minWidth: 0 },
  },
  row: { display: 'flex', flexWrap: 'wrap', alignItems: 'flex-end', gap: tokens.spacingHorizontalM },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'center' },
  fieldset: { border: 'none', margin: 0, padding: 0, minWidth: 0 },
  legend: { padding: 0, marginBottom: tokens.spacingVerticalXS, fontWeight: tokens.fontWeightSemibold },
  nested: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    paddingLeft: tokens.spacingHorizontalXL,
    [NARROW]: { paddingLeft: tokens.spacingHorizontalS },
  },
  error: { color: tokens.colorPaletteRedForeground1 },
  muted: { color: tokens.colorNeutralForeground3 },
  secondary: { [NARROW]: { display: 'none' } },
  wrap: { overflowWrap: 'anywhere' },
  scroll: { overflowX: 'auto' },
  link: {
    color: tokens.colorBrandForegroundLink,
    fontWeight: tokens.fontWeightSemibold,
    overflowWrap: 'anywhere',
    ':hover': { color: tokens.colorBrandForegroundLinkHover },
  },
  narrowInput: { width: '120px' },
  select: { maxWidth: '100%', minWidth: '200px' },
});

type AreaPage = 'policies' | 'namedLocations' | 'whatIf';
const SEGMENTS: Record<AreaPage, string> = {
  policies: 'policies',
  namedLocations: 'named-locations',
  whatIf: 'what-if',
};

/** The area's page header: "Conditional Access | page", then the area's tabs (Entra's blade menu). */
export function AreaHeader({
  page,
  subtitle,
  actions,
}: {
  page: AreaPage;
  subtitle?: string;
  actions?: React.ReactNode;
}) {
  const t = useStrings();
  const styles = useStyles();
  const navigate = useNavigate();
  const { tenantId = '' } = useParams();
  return (
    <>
      <PageHeader
        title={format(t.conditionalAccess.pageTitle, { page: t.conditionalAccess.pages[page] })}
        subtitle={subtitle}
        actions={actions}
      />
      <AreaTabs
        selected={page}
        onSelect={(next) => navigate(caPath(tenantId, SEGMENTS[next]))}
        className={styles.nav}
      />
    </>
  );
}

function AreaTabs({
  selected,
  onSelect,
  className,
}: {
  selected: AreaPage;
  onSelect: (page: AreaPage) => void;
  className: string;
}) {
  const t = useStrings();
  return (
    <nav aria-label={t.conditionalAccess.areaNav} className={className}>
      <TabList selectedValue={selected} onTabSelect={(_event, data) => onSelect(data.value as AreaPage)}>
        {(Object.keys(SEGMENTS) as AreaPage[]).map((page) => (
          <Tab key={page} value={page}>
            {t.conditionalAccess.pages[page]}
          </Tab>
        ))}
      </TabList>
    </nav>
  );
}

export function StateBadge({ state }: { state: PolicyState }) {
  const t = useStrings();
  const colour = state === 'enabled' ? 'success' : state === 'disabled' ? 'subtle' : 'warning';
  return (
    <Badge
      appearance={state === 'disabled' ? 'outline' : 'tint'}
      color={colour === 'subtle' ? 'informative' : colour}
    >
      {t.conditionalAccess.states[state]}
    </Badge>
  );
}

/** ISO 3166-1 alpha-2 codes the API accepts (src/access/schemas.ts COUNTRY_CODES). */
export const COUNTRY_CODES = (
  'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW ' +
  'BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI ' +
  'FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN ' +
  'IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME ' +
  'MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF ' +
  'PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV ' +
  'SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE ' +
  'YT ZA ZM ZW'
).split(' ');

let regionNames: Intl.DisplayNames | undefined;
/** A country's name in the console's language ("France" for FR). */
export function countryName(code: string): string {
  regionNames ??= new Intl.DisplayNames(['en'], { type: 'region' });
  return regionNames.of(code) ?? code;
}

/** Every country, sorted by name. */
export function countriesByName(): { code: string; name: string }[] {
  return COUNTRY_CODES.map((code) => ({ code, name: countryName(code) })).sort((a, b) =>
    a.name.localeCompare(b.name),
  );
}
