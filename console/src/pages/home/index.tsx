import { Badge, Card, makeStyles, mergeClasses, Text, tokens } from '@fluentui/react-components';
import {
  CheckmarkCircleFilled,
  CircleRegular,
  LockClosedRegular,
  OpenRegular,
  WarningRegular,
} from '@fluentui/react-icons';
import { type UseQueryResult, useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { useApi } from '../../api/ApiProvider';
import { useCan } from '../../api/access';
import { unwrap } from '../../api/client';
import { useTenants } from '../../api/tenants';
import { PageHeader } from '../../components/PageHeader';
import { format, useStrings } from '../../strings';
import type { Application, CountedPage, SignIn, UserFlow } from './model';

const d = (rest: string) => `microsoft.directory/${rest}`;
const ACTIONS = {
  users: d('users/allProperties/read'),
  apps: d('applications/allProperties/read'),
  flows: d('b2cUserFlow/allProperties/read'),
  signIns: d('signInReports/allProperties/read'),
  risk: d('identityProtection/allProperties/read'),
};
/** An app the admin registered has a GUID as appId; the built-in clients have names. */
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY_MS = 24 * 60 * 60 * 1000;

const useStyles = makeStyles({
  section: { marginBottom: tokens.spacingVerticalXXL },
  heading: { display: 'block', margin: `0 0 ${tokens.spacingVerticalM}` },
  cards: {
    listStyle: 'none',
    margin: 0,
    padding: 0,
    display: 'grid',
    gap: tokens.spacingHorizontalL,
    gridTemplateColumns: 'repeat(auto-fill, minmax(14rem, 1fr))',
  },
  card: { height: '100%', gap: tokens.spacingVerticalXS },
  value: { fontSize: tokens.fontSizeHero800, lineHeight: tokens.lineHeightHero800 },
  muted: { color: tokens.colorNeutralForeground3 },
  note: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalXS,
    color: tokens.colorNeutralForeground2,
  },
  link: {
    color: tokens.colorBrandForegroundLink,
    ':hover': { color: tokens.colorBrandForegroundLinkHover },
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: '2px' },
  },
  steps: {
    listStyle: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    maxWidth: '48rem',
  },
  step: {
    display: 'flex',
    gap: tokens.spacingHorizontalM,
    padding: tokens.spacingVerticalM,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusLarge,
  },
  stepIcon: { fontSize: '28px', flexShrink: 0 },
  done: { color: tokens.colorPaletteGreenForeground1 },
  todo: { color: tokens.colorNeutralForeground3 },
  stepBody: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, minWidth: 0 },
  stepTitle: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalS },
  stepHeading: { margin: 0 },
  external: { display: 'inline-flex', alignItems: 'center', gap: tokens.spacingHorizontalXXS },
});

/** Every list this page counts: `$count=true` with one item, so the database counts. */
function useCounted<T>(
  key: unknown[],
  enabled: boolean,
  call: () => Promise<CountedPage<T>>,
): UseQueryResult<CountedPage<T>> {
  return useQuery({ queryKey: key, queryFn: call, enabled });
}

/** `/t/:tenantId`: the tenant's counts and its getting-started checklist. */
export function Component() {
  const t = useStrings();
  const styles = useStyles();
  const api = useApi();
  const can = useCan();
  const { tenantId = '' } = useParams();
  const { data: tenants } = useTenants();
  const tenant = tenants?.value.find((item) => item.id === tenantId);
  const path = { tenantId };
  const allowed = {
    users: can(ACTIONS.users, tenantId),
    apps: can(ACTIONS.apps, tenantId),
    flows: can(ACTIONS.flows, tenantId),
    signIns: can(ACTIONS.signIns, tenantId),
    risk: can(ACTIONS.risk, tenantId),
  };

  const users = useCounted<unknown>([tenantId, 'home', 'count', 'users'], allowed.users, () =>
    unwrap<CountedPage<unknown>>(
      api.GET('/api/v1/tenants/{tenantId}/users', { params: { path, query: { $count: 'true', $top: 1 } } }),
    ),
  );
  // Up to 100 registrations: the count, and whether one of them is not built in.
  const apps = useCounted<Application>([tenantId, 'home', 'apps'], allowed.apps, () =>
    unwrap<CountedPage<Application>>(
      api.GET('/api/v1/tenants/{tenantId}/applications', {
        params: { path, query: { $count: 'true', $top: 100 } },
      }),
    ),
  );
  const signIns = useCounted<unknown>([tenantId, 'home', 'count', 'signIns'], allowed.signIns, () =>
    unwrap<CountedPage<unknown>>(
      api.GET('/api/v1/tenants/{tenantId}/auditLogs/signIns', {
        params: {
          path,
          query: { $count: 'true', $top: 1, from: new Date(Date.now() - DAY_MS).toISOString() },
        },
      }),
    ),
  );
  const risky = useCounted<unknown>([tenantId, 'home', 'count', 'riskyUsers'], allowed.risk, () =>
    unwrap<CountedPage<unknown>>(
      api.GET('/api/v1/tenants/{tenantId}/identityProtection/riskyUsers', {
        params: { path, query: { $count: 'true', $top: 1, riskState: 'atRisk' } },
      }),
    ),
  );
  const flows = useCounted<UserFlow>([tenantId, 'home', 'userFlows'], allowed.flows, () =>
    unwrap<CountedPage<UserFlow>>(
      api.GET('/api/v1/tenants/{tenantId}/userFlows', { params: { path, query: { $top: 1 } } }),
    ),
  );
  const succeeded = useCounted<SignIn>([tenantId, 'home', 'successfulSignIn'], allowed.signIns, () =>
    unwrap<CountedPage<SignIn>>(
      api.GET('/api/v1/tenants/{tenantId}/auditLogs/signIns', {
        params: { path, query: { $top: 1, status: 'success' } },
      }),
    ),
  );

  const tenantPath = (area: string) => `/t/${encodeURIComponent(tenantId)}/${area}`;
  const accountPage = `${window.location.origin}/t/${encodeURIComponent(tenantId)}/account/`;

  return (
    <>
      <PageHeader
        title={tenant?.displayName ?? tenantId}
        subtitle={
          tenant &&
          format(t.home.subtitle, { type: t.home.tenantTypes[tenant.type] ?? tenant.type, id: tenant.id })
        }
      />
      <section className={styles.section} aria-labelledby="home-cards">
        <Text as="h2" size={500} weight="semibold" id="home-cards" className={styles.heading}>
          {t.home.cardsHeading}
        </Text>
        <ul className={styles.cards} aria-label={t.home.cardsLabel}>
          <CountCard
            label={t.home.cards.users}
            hint={t.home.cardHint.users}
            to={tenantPath('users')}
            allowed={allowed.users}
            query={users}
          />
          <CountCard
            label={t.home.cards.apps}
            hint={t.home.cardHint.apps}
            to={tenantPath('apps')}
            allowed={allowed.apps}
            query={apps}
          />
          <CountCard
            label={t.home.cards.signIns}
            hint={t.home.cardHint.signIns}
            allowed={allowed.signIns}
            query={signIns}
          />
          <CountCard
            label={t.home.cards.riskyUsers}
            hint={t.home.cardHint.riskyUsers}
            allowed={allowed.risk}
            query={risky}
          />
        </ul>
      </section>
      <Checklist
        steps={[
          {
            key: 'app',
            strings: t.home.steps.app,
            allowed: allowed.apps,
            query: apps,
            done: (page) => page.value.some((app) => GUID.test((app as Application).appId)),
            link: allowed.apps ? { to: tenantPath('apps') } : undefined,
          },
          {
            key: 'flow',
            strings: t.home.steps.flow,
            allowed: allowed.flows,
            query: flows,
            done: (page) => page.value.length > 0,
            link: allowed.flows ? { to: tenantPath('user-flows') } : undefined,
          },
          {
            key: 'signIn',
            strings: t.home.steps.signIn,
            allowed: allowed.signIns,
            query: succeeded,
            done: (page) => page.value.length > 0,
            link: { href: accountPage },
          },
        ]}
      />
    </>
  );
}

/** One count: the number, or why there is none (not allowed, or the API's error in words). */
function CountCard({
  label,
  hint,
  to,
  allowed,
  query,
}: {
  label: string;
  hint: string;
  to?: string;
  allowed: boolean;
  query: UseQueryResult<CountedPage<unknown>>;
}) {
  const t = useStrings();
  const styles = useStyles();
  const id = `card-${label.replace(/\W+/g, '-').toLowerCase()}`;
  let body: ReactNode;
  if (!allowed || (query.error as { status?: number } | null)?.status === 403)
    body = (
      <Text className={styles.note}>
        <LockClosedRegular aria-hidden />
        {t.home.cardNotAllowed}
      </Text>
    );
  else if (query.error)
    body = (
      <Text className={styles.note} role="alert">
        <WarningRegular aria-hidden />
        {format(t.home.cardFailed, { message: query.error.message })}
      </Text>
    );
  else
    body = (
      <Text className={styles.value} weight="semibold" aria-busy={query.isPending}>
        {query.data?.['@odata.count'] ?? '–'}
      </Text>
    );
  return (
    <li>
      <Card className={styles.card}>
        <Text id={id} weight="semibold">
          {to && allowed ? (
            <Link className={styles.link} to={to}>
              {label}
            </Link>
          ) : (
            label
          )}
        </Text>
        {body}
        <Text size={200} className={styles.muted}>
          {hint}
        </Text>
      </Card>
    </li>
  );
}

interface Step {
  key: string;
  strings: { title: string; body: string; action: string };
  allowed: boolean;
  query: UseQueryResult<CountedPage<unknown>>;
  done: (page: CountedPage<unknown>) => boolean;
  link?: { to: string } | { href: string };
}

/** The getting-started steps, each ticked from the tenant's real state. */
function Checklist({ steps }: { steps: Step[] }) {
  const t = useStrings();
  const styles = useStyles();
  const states = steps.map((step) =>
    step.allowed && step.query.data ? step.done(step.query.data) : undefined,
  );
  const doneCount = states.filter(Boolean).length;
  return (
    <section className={styles.section} aria-labelledby="home-checklist">
      <Text as="h2" size={500} weight="semibold" id="home-checklist" className={styles.heading}>
        {t.home.checklistHeading}
      </Text>
      <Text as="p" block>
        {t.home.checklistIntro}{' '}
        <strong>{format(t.home.progress, { done: doneCount, total: steps.length })}</strong>
      </Text>
      <ol className={styles.steps}>
        {steps.map((step, index) => {
          const done = states[index];
          const titleId = `step-${step.key}`;
          let status: ReactNode;
          if (!step.allowed || (step.query.error as { status?: number } | null)?.status === 403)
            status = (
              <Badge appearance="tint" color="subtle">
                {t.home.cannotCheck}
              </Badge>
            );
          else if (step.query.error)
            status = (
              <Badge appearance="tint" color="danger">
                {format(t.home.checkFailed, { message: step.query.error.message })}
              </Badge>
            );
          else if (done === undefined) status = null;
          else
            status = (
              <Badge appearance="tint" color={done ? 'success' : 'informative'}>
                {done ? t.home.done : t.home.notDone}
              </Badge>
            );
          return (
            <li key={step.key} className={styles.step}>
              {done ? (
                <CheckmarkCircleFilled className={mergeClasses(styles.stepIcon, styles.done)} aria-hidden />
              ) : (
                <CircleRegular className={mergeClasses(styles.stepIcon, styles.todo)} aria-hidden />
              )}
              <div className={styles.stepBody}>
                <div className={styles.stepTitle}>
                  <Text as="h3" size={400} weight="semibold" id={titleId} className={styles.stepHeading}>
                    {step.strings.title}
                  </Text>
                  {status}
                </div>
                <Text>{step.strings.body}</Text>
                {step.link && 'to' in step.link && (
                  <Link className={styles.link} to={step.link.to}>
                    {step.strings.action}
                  </Link>
                )}
                {step.link && 'href' in step.link && (
                  <a
                    className={mergeClasses(styles.link, styles.external)}
                    href={step.link.href}
                    target="_blank"
                    rel="noreferrer"
                    aria-label={format(t.home.opensInNewTab, { label: step.strings.action })}
                  >
                    {step.strings.action}
                    <OpenRegular aria-hidden />
                  </a>
                )}
              </div>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
