import {
  Button,
  DrawerBody,
  DrawerHeader,
  DrawerHeaderTitle,
  Menu,
  MenuItem,
  MenuList,
  MenuPopover,
  MenuTrigger,
  makeStyles,
  OverlayDrawer,
  Text,
  tokens,
} from '@fluentui/react-components';
import {
  DismissRegular,
  NavigationRegular,
  PersonCircleRegular,
  ShieldKeyholeRegular,
} from '@fluentui/react-icons';
import { Suspense, useState } from 'react';
import { Link, Outlet } from 'react-router';
import { useMe } from '../api/access';
import { useAuth } from '../auth/AuthProvider';
import { Loading } from '../components/Loading';
import { format, useStrings } from '../strings';
import { NavLinks } from './NavLinks';
import { TenantSwitcher } from './TenantSwitcher';

const NARROW = '@media (max-width: 767px)';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', minHeight: '100vh' },
  skip: {
    position: 'absolute',
    left: '-9999px',
    ':focus': { left: tokens.spacingHorizontalM, top: tokens.spacingVerticalS, zIndex: 10 },
  },
  header: {
    display: 'flex',
    alignItems: 'center',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalM,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalL}`,
    backgroundColor: tokens.colorNeutralBackground3,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  brand: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
    color: tokens.colorNeutralForeground1,
    textDecoration: 'none',
    fontWeight: tokens.fontWeightSemibold,
    fontSize: tokens.fontSizeBase400,
  },
  menuButton: { display: 'none', [NARROW]: { display: 'inline-flex' } },
  spacer: { flexGrow: 1 },
  switcher: { [NARROW]: { order: 5, width: '100%' } },
  body: { display: 'flex', flexGrow: 1, minHeight: 0 },
  side: {
    width: '240px',
    flexShrink: 0,
    padding: tokens.spacingVerticalM,
    borderRight: `1px solid ${tokens.colorNeutralStroke2}`,
    [NARROW]: { display: 'none' },
  },
  main: {
    flexGrow: 1,
    minWidth: 0,
    padding: `${tokens.spacingVerticalXL} ${tokens.spacingHorizontalXXL}`,
    [NARROW]: { padding: `${tokens.spacingVerticalL} ${tokens.spacingHorizontalM}` },
  },
});

/** Every page's frame: header (tenant switcher, account), navigation, and the page itself. */
export function Shell() {
  const t = useStrings();
  const styles = useStyles();
  const { signOut, user } = useAuth();
  const { data: me } = useMe();
  const [drawerOpen, setDrawerOpen] = useState(false);
  const name = me?.displayName ?? me?.mail ?? String(user.profile.email ?? user.profile.sub);
  return (
    <div className={styles.root}>
      <a href="#main" className={styles.skip}>
        {t.nav.skipToContent}
      </a>
      <header className={styles.header}>
        <Button
          className={styles.menuButton}
          appearance="subtle"
          icon={<NavigationRegular />}
          aria-label={t.common.showMenu}
          onClick={() => setDrawerOpen(true)}
        />
        <Link to="/" className={styles.brand}>
          <ShieldKeyholeRegular fontSize={24} aria-hidden />
          {t.common.product}
        </Link>
        <div className={styles.switcher}>
          <TenantSwitcher />
        </div>
        <span className={styles.spacer} />
        <Menu>
          <MenuTrigger disableButtonEnhancement>
            <Button
              appearance="subtle"
              icon={<PersonCircleRegular />}
              aria-label={format(t.common.account, { name })}
            >
              <Text truncate wrap={false}>
                {name}
              </Text>
            </Button>
          </MenuTrigger>
          <MenuPopover>
            <MenuList>
              <MenuItem onClick={() => void signOut()}>{t.common.signOut}</MenuItem>
            </MenuList>
          </MenuPopover>
        </Menu>
      </header>
      <div className={styles.body}>
        <aside className={styles.side}>
          <NavLinks />
        </aside>
        <OverlayDrawer open={drawerOpen} onOpenChange={(_event, data) => setDrawerOpen(data.open)}>
          <DrawerHeader>
            <DrawerHeaderTitle
              action={
                <Button
                  appearance="subtle"
                  aria-label={t.common.close}
                  icon={<DismissRegular />}
                  onClick={() => setDrawerOpen(false)}
                />
              }
            >
              {t.common.product}
            </DrawerHeaderTitle>
          </DrawerHeader>
          <DrawerBody>
            <NavLinks onNavigate={() => setDrawerOpen(false)} />
          </DrawerBody>
        </OverlayDrawer>
        <main id="main" className={styles.main} tabIndex={-1}>
          <Suspense fallback={<Loading />}>
            <Outlet />
          </Suspense>
        </main>
      </div>
    </div>
  );
}
