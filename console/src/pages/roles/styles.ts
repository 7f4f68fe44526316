import { makeStyles, tokens } from '@fluentui/react-components';

export const NARROW = '@media (max-width: 767px)';

export const useRoleStyles = makeStyles({
  scroll: { overflowX: 'auto', maxWidth: '100%' },
  table: { minWidth: '36rem', [NARROW]: { minWidth: 'auto' } },
  wrap: { overflowWrap: 'anywhere', whiteSpace: 'normal' },
  secondary: { [NARROW]: { display: 'none' } },
  link: {
    color: tokens.colorBrandForegroundLink,
    ':hover': { color: tokens.colorBrandForegroundLinkHover },
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: '2px' },
  },
  toolbar: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalM,
    marginBottom: tokens.spacingVerticalM,
  },
  search: { width: '20rem', maxWidth: '100%' },
  section: { marginBottom: tokens.spacingVerticalXXL },
  sectionHeader: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    justifyContent: 'space-between',
    gap: tokens.spacingHorizontalM,
    marginBottom: tokens.spacingVerticalM,
  },
  heading: { margin: 0 },
  back: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalXS,
    marginBottom: tokens.spacingVerticalM,
  },
  muted: { color: tokens.colorNeutralForeground3 },
  principal: { display: 'flex', flexDirection: 'column', minWidth: 0 },
  actions: {
    listStyle: 'none',
    margin: 0,
    padding: 0,
    display: 'grid',
    gap: `${tokens.spacingVerticalXXS} ${tokens.spacingHorizontalL}`,
    gridTemplateColumns: 'repeat(auto-fill, minmax(24rem, 1fr))',
    [NARROW]: { gridTemplateColumns: '1fr' },
  },
  action: {
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    overflowWrap: 'anywhere',
  },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
});
