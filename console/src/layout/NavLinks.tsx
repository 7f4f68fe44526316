import { makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { NavLink, useParams } from 'react-router';
import { allows, allowsAnywhere, useMe } from '../api/access';
import { type Catalog, useStrings } from '../strings';
import { NAV_ITEMS, type NavItem } from './nav-items';

const useStyles = makeStyles({
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: '2px' },
  link: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    borderRadius: tokens.borderRadiusMedium,
    color: tokens.colorNeutralForeground1,
    textDecoration: 'none',
    ':hover': { backgroundColor: tokens.colorSubtleBackgroundHover },
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: '-2px' },
  },
  active: {
    backgroundColor: tokens.colorSubtleBackgroundSelected,
    fontWeight: tokens.fontWeightSemibold,
    boxShadow: `inset 3px 0 0 ${tokens.colorBrandForeground1}`,
  },
  icon: { fontSize: '20px', flexShrink: 0 },
  heading: {
    margin: `${tokens.spacingVerticalM} 0 ${tokens.spacingVerticalXS}`,
    padding: `0 ${tokens.spacingHorizontalM}`,
    fontSize: tokens.fontSizeBase200,
    fontWeight: tokens.fontWeightSemibold,
    color: tokens.colorNeutralForeground3,
    textTransform: 'uppercase',
    letterSpacing: '0.04em',
  },
});

const SECTIONS = [
  { id: undefined, label: undefined },
  { id: 'extensions', label: (t: Catalog) => t.nav.extensionsSection },
  { id: 'protection', label: (t: Catalog) => t.nav.protectionSection },
  { id: 'monitoring', label: (t: Catalog) => t.nav.monitoringSection },
] as const;

/** The console's areas the admin's roles let it see, for the selected tenant. */
export function NavLinks({ onNavigate }: { onNavigate?: () => void }) {
  const t = useStrings();
  const styles = useStyles();
  const { tenantId } = useParams();
  const { data: me } = useMe();
  const items = NAV_ITEMS.filter((item) =>
    item.tenant
      ? tenantId !== undefined && allows(me, item.action, tenantId)
      : allowsAnywhere(me, item.action),
  );
  const link = (item: NavItem) => {
    const to = item.tenant
      ? `/t/${encodeURIComponent(tenantId ?? '')}${item.path ? `/${item.path}` : ''}`
      : item.path;
    const Icon = item.icon;
    return (
      <li key={item.path}>
        <NavLink
          to={to}
          end={item.path === ''}
          onClick={onNavigate}
          className={({ isActive }) => mergeClasses(styles.link, isActive && styles.active)}
        >
          <Icon className={styles.icon} aria-hidden />
          {item.label(t)}
        </NavLink>
      </li>
    );
  };
  // The tenant's main areas, then Protection and Monitoring under their headings (Entra's menu).
  return (
    <nav aria-label={t.nav.label}>
      {SECTIONS.map((section) => {
        const inSection = items.filter((item) => item.section === section.id && (section.id || item.tenant));
        if (inSection.length === 0) return null;
        const headingId = `nav-${section.id ?? 'main'}`;
        return (
          <div key={headingId}>
            {section.label && (
              <h2 id={headingId} className={styles.heading}>
                {section.label(t)}
              </h2>
            )}
            <ul className={styles.list} aria-labelledby={section.label ? headingId : undefined}>
              {inSection.map(link)}
            </ul>
          </div>
        );
      })}
      {items.some((item) => !item.tenant) && (
        <ul className={styles.list}>{items.filter((item) => !item.tenant).map(link)}</ul>
      )}
    </nav>
  );
}
