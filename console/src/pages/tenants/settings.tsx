import {
  Badge,
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Dropdown,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  makeStyles,
  Option,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  tokens,
} from '@fluentui/react-components';
import { ArrowSyncRegular, DeleteRegular } from '@fluentui/react-icons';
import { useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { ADMIN_TENANT_ID, useCan } from '../../api/access';
import { ApiErrorMessage, fieldError, isFieldError } from '../../components/ApiErrorMessage';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { EmptyState } from '../../components/EmptyState';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { format, useStrings } from '../../strings';
import { useDeleteTenant, useRotateKey, useSigningKeys, useTenant, useUpdateTenant } from './api';
import { formatDateTime } from './format';
import {
  ACTIONS,
  LANGUAGES,
  SIGNING_ALGORITHMS,
  type SigningAlgorithm,
  type SigningKey,
  type Tenant,
} from './model';

const NARROW = '@media (max-width: 767px)';

const useStyles = makeStyles({
  section: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    marginBottom: tokens.spacingVerticalXXL,
    maxWidth: '960px',
  },
  heading: { margin: 0 },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, maxWidth: '480px' },
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content minmax(0, 1fr)',
    columnGap: tokens.spacingHorizontalL,
    rowGap: tokens.spacingVerticalS,
    margin: 0,
    [NARROW]: { gridTemplateColumns: 'minmax(0, 1fr)' },
  },
  term: { fontWeight: tokens.fontWeightSemibold },
  value: { margin: 0, display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalXS, minWidth: 0 },
  mono: { fontFamily: tokens.fontFamilyMonospace, overflowWrap: 'anywhere' },
  row: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'center' },
  scroll: { overflowX: 'auto' },
  table: { minWidth: '320px' },
  secondary: { [NARROW]: { display: 'none' } },
  kid: { fontFamily: tokens.fontFamilyMonospace, overflowWrap: 'anywhere', fontSize: tokens.fontSizeBase200 },
  danger: {
    border: `1px solid ${tokens.colorPaletteRedBorder2}`,
    borderRadius: tokens.borderRadiusLarge,
    padding: tokens.spacingHorizontalL,
  },
});

/** /console/t/:tenantId/settings: name and language, signing keys, deletion. */
export function Component() {
  const t = useStrings();
  const styles = useStyles();
  const { tenantId = '' } = useParams();
  const { data: tenant, isPending, error } = useTenant(tenantId);
  if (isPending) return <Loading />;
  if (!tenant)
    return (
      <>
        <PageHeader title={t.tenants.settings.title} />
        <ApiErrorMessage error={error} />
      </>
    );
  return (
    <>
      <PageHeader title={t.tenants.settings.title} subtitle={tenant.displayName} />
      <section className={styles.section} aria-labelledby="general-heading">
        <Text as="h2" id="general-heading" size={600} weight="semibold" className={styles.heading}>
          {t.tenants.settings.general}
        </Text>
        <GeneralForm key={tenant.id} tenant={tenant} />
      </section>
      <SigningKeys tenantId={tenant.id} />
      <DeleteSection tenant={tenant} />
    </>
  );
}

function GeneralForm({ tenant }: { tenant: Tenant }) {
  const t = useStrings();
  const s = t.tenants.settings;
  const styles = useStyles();
  const can = useCan();
  const update = useUpdateTenant(tenant.id);
  const mayEdit = can(ACTIONS.update, tenant.id);
  const [displayName, setDisplayName] = useState(tenant.displayName);
  const [language, setLanguage] = useState(tenant.defaultLanguage);
  useEffect(() => {
    setDisplayName(tenant.displayName);
    setLanguage(tenant.defaultLanguage);
  }, [tenant]);
  const changes = {
    ...(displayName !== tenant.displayName && { displayName }),
    ...(language !== tenant.defaultLanguage && { defaultLanguage: language }),
  };
  const changed = Object.keys(changes).length > 0;
  const languages = LANGUAGES.includes(tenant.defaultLanguage as (typeof LANGUAGES)[number])
    ? [...LANGUAGES]
    : [tenant.defaultLanguage, ...LANGUAGES];
  return (
    <>
      <dl className={styles.facts}>
        <dt className={styles.term}>{s.id}</dt>
        <dd className={styles.value}>
          <span className={styles.mono}>{tenant.id}</span>
        </dd>
        <dt className={styles.term}>{s.type}</dt>
        <dd className={styles.value}>{t.tenants.types[tenant.type]}</dd>
        <dt className={styles.term}>{s.issuer}</dt>
        <dd className={styles.value}>
          <span className={styles.mono}>{tenant.issuer}</span>
        </dd>
        <dt className={styles.term}>{s.created}</dt>
        <dd className={styles.value}>{formatDateTime(tenant.createdDateTime)}</dd>
      </dl>
      <form
        className={styles.form}
        onSubmit={(event) => {
          event.preventDefault();
          if (changed) update.mutate(changes);
        }}
      >
        <Field label={s.displayName} required validationMessage={fieldError(update.error, 'displayName')}>
          <Input
            value={displayName}
            maxLength={256}
            readOnly={!mayEdit}
            onChange={(_event, data) => {
              update.reset();
              setDisplayName(data.value);
            }}
          />
        </Field>
        <Field label={s.language} validationMessage={fieldError(update.error, 'defaultLanguage')}>
          <Dropdown
            disabled={!mayEdit}
            value={t.tenants.languages[language] ?? language}
            selectedOptions={[language]}
            onOptionSelect={(_event, data) => {
              update.reset();
              if (data.optionValue) setLanguage(data.optionValue);
            }}
          >
            {languages.map((code) => (
              <Option key={code} value={code}>
                {t.tenants.languages[code] ?? code}
              </Option>
            ))}
          </Dropdown>
        </Field>
        {!isFieldError(update.error, ['displayName', 'defaultLanguage']) && (
          <ApiErrorMessage error={update.error} />
        )}
        {update.isSuccess && (
          <MessageBar intent="success">
            <MessageBarBody>{s.saved}</MessageBarBody>
          </MessageBar>
        )}
        {mayEdit && (
          <div className={styles.row}>
            <Button type="submit" appearance="primary" disabled={!changed || update.isPending}>
              {t.common.save}
            </Button>
            <Button
              type="button"
              disabled={!changed}
              onClick={() => {
                setDisplayName(tenant.displayName);
                setLanguage(tenant.defaultLanguage);
                update.reset();
              }}
            >
              {t.common.cancel}
            </Button>
          </div>
        )}
        {!mayEdit && <Text>{t.common.readOnly}</Text>}
      </form>
    </>
  );
}

const STATUS_COLORS: Record<SigningKey['status'], 'success' | 'warning' | 'subtle'> = {
  active: 'success',
  pending: 'warning',
  retired: 'subtle',
};

function SigningKeys({ tenantId }: { tenantId: string }) {
  const t = useStrings();
  const k = t.tenants.keys;
  const styles = useStyles();
  const can = useCan();
  const mayRead = can(ACTIONS.keysRead, tenantId);
  const mayRotate = can(ACTIONS.keysRotate, tenantId);
  const { data, isPending, error } = useSigningKeys(tenantId, mayRead);
  const rotate = useRotateKey(tenantId);
  const [open, setOpen] = useState(false);
  const [alg, setAlg] = useState<SigningAlgorithm>('RS256');
  const [activation, setActivation] = useState('');
  if (!mayRead) return null;
  const keys = data?.value ?? [];
  const close = () => {
    setOpen(false);
    setAlg('RS256');
  };
  return (
    <section className={styles.section} aria-labelledby="keys-heading">
      <div className={styles.row}>
        <Text as="h2" id="keys-heading" size={600} weight="semibold" className={styles.heading}>
          {k.title}
        </Text>
        {mayRotate && (
          <Button
            icon={<ArrowSyncRegular />}
            onClick={() => {
              rotate.reset();
              setOpen(true);
            }}
          >
            {k.rotate}
          </Button>
        )}
      </div>
      <Text>{k.intro}</Text>
      {rotate.isSuccess && (
        <MessageBar intent="success" role="status">
          <MessageBarBody>
            {format(k.rotated, { kid: rotate.data.kid, date: formatDateTime(rotate.data.activatesDateTime) })}
          </MessageBarBody>
        </MessageBar>
      )}
      {isPending && <Loading />}
      <ApiErrorMessage error={error} />
      {data && keys.length === 0 && <EmptyState title={k.empty}>{k.emptyHint}</EmptyState>}
      {keys.length > 0 && (
        <div className={styles.scroll}>
          <Table aria-label={k.listLabel} className={styles.table}>
            <TableHeader>
              <TableRow>
                <TableHeaderCell>{k.kid}</TableHeaderCell>
                <TableHeaderCell>{k.status}</TableHeaderCell>
                <TableHeaderCell className={styles.secondary}>{k.alg}</TableHeaderCell>
                <TableHeaderCell className={styles.secondary}>{k.created}</TableHeaderCell>
                <TableHeaderCell>{k.activates}</TableHeaderCell>
                <TableHeaderCell className={styles.secondary}>{k.removal}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {keys.map((key) => (
                <TableRow key={key.kid}>
                  <TableCell>
                    <span className={styles.kid}>{key.kid}</span>
                  </TableCell>
                  <TableCell>
                    <Badge appearance="tint" color={STATUS_COLORS[key.status]}>
                      {k.statuses[key.status] ?? key.status}
                    </Badge>
                  </TableCell>
                  <TableCell className={styles.secondary}>{key.alg}</TableCell>
                  <TableCell className={styles.secondary}>{formatDateTime(key.createdDateTime)}</TableCell>
                  <TableCell>{formatDateTime(key.activatesDateTime)}</TableCell>
                  <TableCell className={styles.secondary}>
                    {key.removalDateTime ? formatDateTime(key.removalDateTime) : t.common.none}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
      {open && (
        <Dialog open={open} onOpenChange={(_event, d) => !d.open && close()}>
          <DialogSurface aria-describedby="rotate-body">
            <form
              onSubmit={(event) => {
                event.preventDefault();
                // The browser's local date and time, sent as an instant.
                const activatesDateTime = activation ? new Date(activation).toISOString() : undefined;
                rotate.mutate({ alg, activatesDateTime }, { onSuccess: close });
              }}
            >
              <DialogBody>
                <DialogTitle>{k.rotateTitle}</DialogTitle>
                <DialogContent className={styles.form}>
                  <Text id="rotate-body">{k.rotateBody}</Text>
                  <Field label={k.algorithm} validationMessage={fieldError(rotate.error, 'alg')}>
                    <Dropdown
                      value={k.algorithms[alg] ?? alg}
                      selectedOptions={[alg]}
                      onOptionSelect={(_event, d) =>
                        d.optionValue && setAlg(d.optionValue as SigningAlgorithm)
                      }
                    >
                      {SIGNING_ALGORITHMS.map((value) => (
                        <Option key={value} value={value}>
                          {k.algorithms[value] ?? value}
                        </Option>
                      ))}
                    </Dropdown>
                  </Field>
                  <Field
                    label={k.activation}
                    hint={k.activationHint}
                    validationMessage={fieldError(rotate.error, 'activatesDateTime')}
                  >
                    <Input
                      type="datetime-local"
                      value={activation}
                      onChange={(_event, d) => setActivation(d.value)}
                    />
                  </Field>
                  {!isFieldError(rotate.error, ['alg', 'activatesDateTime']) && (
                    <ApiErrorMessage error={rotate.error} />
                  )}
                </DialogContent>
                <DialogActions>
                  <Button type="button" appearance="secondary" onClick={close}>
                    {t.common.cancel}
                  </Button>
                  <Button type="submit" appearance="primary" disabled={rotate.isPending}>
                    {k.rotateSubmit}
                  </Button>
                </DialogActions>
              </DialogBody>
            </form>
          </DialogSurface>
        </Dialog>
      )}
    </section>
  );
}

function DeleteSection({ tenant }: { tenant: Tenant }) {
  const t = useStrings();
  const s = t.tenants.settings;
  const styles = useStyles();
  const can = useCan();
  const navigate = useNavigate();
  const remove = useDeleteTenant();
  const [open, setOpen] = useState(false);
  if (!can(ACTIONS.delete, tenant.id)) return null;
  return (
    <section className={`${styles.section} ${styles.danger}`} aria-labelledby="delete-heading">
      <Text as="h2" id="delete-heading" size={600} weight="semibold" className={styles.heading}>
        {s.danger}
      </Text>
      {tenant.id === ADMIN_TENANT_ID ? (
        <Text>{s.adminTenant}</Text>
      ) : (
        <>
          <Text>{s.dangerBody}</Text>
          <div className={styles.row}>
            <Button icon={<DeleteRegular />} onClick={() => setOpen(true)}>
              {s.deleteButton}
            </Button>
          </div>
        </>
      )}
      {open && (
        <ConfirmDialog
          open={open}
          title={format(t.tenants.delete.title, { name: tenant.displayName })}
          confirmLabel={t.tenants.delete.confirm}
          typed={tenant.id}
          onConfirm={async () => {
            await remove.mutateAsync(tenant.id);
            navigate('/tenants');
          }}
          onClose={() => setOpen(false)}
        >
          {t.tenants.delete.body}
        </ConfirmDialog>
      )}
    </section>
  );
}
