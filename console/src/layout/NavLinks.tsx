import { makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { NavLink, useParams } from 'react-router';
import { allows, allowsAnywhere, useMe } from '../api/access';
import { useStrings } from '../strings';
import { NAV_ITEMS } from './nav-items';

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
});

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
  return (
    <nav aria-label={t.nav.label}>
      <ul className={styles.list}>
        {items.map((item) => {
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
        })}
      </ul>
    </nav>
  );
}
