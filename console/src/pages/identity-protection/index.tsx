import { makeStyles, Tab, TabList, tokens } from '@fluentui/react-components';
import { Navigate, Route, Routes, useLocation, useNavigate, useParams } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { useStrings } from '../../strings';
import { Detections } from './Detections';
import { RiskySignIns } from './RiskySignIns';
import { RiskyUsers } from './RiskyUsers';
import { SmartLockout } from './SmartLockout';
import { ThreatLists } from './ThreatLists';

const SECTIONS = [
  'risky-users',
  'risk-detections',
  'risky-sign-ins',
  'threat-lists',
  'smart-lockout',
] as const;
type Section = (typeof SECTIONS)[number];

const useStyles = makeStyles({
  tabs: { marginBottom: tokens.spacingVerticalL, overflowX: 'auto' },
  tabList: { flexWrap: 'wrap' },
});

/** /t/:tenantId/identity-protection/*: Entra's Identity Protection blade, one report a tab. */
export function Component() {
  const t = useStrings();
  const ip = t.identityProtection;
  const styles = useStyles();
  const { tenantId = '' } = useParams();
  const { pathname } = useLocation();
  const navigate = useNavigate();
  const segment = pathname.split('/').filter(Boolean).at(-1) as Section;
  const selected: Section = SECTIONS.includes(segment) ? segment : 'risky-users';
  const base = `/t/${encodeURIComponent(tenantId)}/identity-protection`;
  const names: Record<Section, string> = {
    'risky-users': ip.sections.riskyUsers,
    'risk-detections': ip.sections.riskDetections,
    'risky-sign-ins': ip.sections.riskySignIns,
    'threat-lists': ip.sections.threatLists,
    'smart-lockout': ip.sections.smartLockout,
  };
  return (
    <>
      <PageHeader title={ip.title} subtitle={ip.subtitle} />
      <div className={styles.tabs}>
        <TabList
          className={styles.tabList}
          aria-label={ip.sectionsLabel}
          selectedValue={selected}
          onTabSelect={(_event, data) => navigate(`${base}/${String(data.value)}`)}
        >
          {SECTIONS.map((id) => (
            <Tab key={id} value={id}>
              {names[id]}
            </Tab>
          ))}
        </TabList>
      </div>
      <div role="tabpanel" aria-label={names[selected]}>
        <Routes>
          <Route index element={<Navigate to={`${base}/risky-users`} replace />} />
          <Route path="risky-users" element={<RiskyUsers />} />
          <Route path="risk-detections" element={<Detections />} />
          <Route path="risky-sign-ins" element={<RiskySignIns />} />
          <Route path="threat-lists" element={<ThreatLists />} />
          <Route path="smart-lockout" element={<SmartLockout />} />
          <Route path="*" element={<Navigate to={`${base}/risky-users`} replace />} />
        </Routes>
      </div>
    </>
  );
}
