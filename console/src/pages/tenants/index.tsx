import {
  Badge,
  Button,
  makeStyles,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  tokens,
} from '@fluentui/react-components';
import { AddRegular, DeleteRegular, SettingsRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { ADMIN_TENANT_ID, useCan } from '../../api/access';
import { type Tenant, useTenants } from '../../api/tenants';
import { ApiErrorMessage } from '../../components/ApiErrorMessage';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { EmptyState } from '../../components/EmptyState';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { format, useStrings } from '../../strings';
import { useDeleteTenant } from './api';
import { CreateTenantDialog } from './CreateTenantDialog';
import { formatDate } from './format';
import { ACTIONS } from './model';

const NARROW = '@media (max-width: 767px)';

const useStyles = makeStyles({
  scroll: { overflowX: 'auto' },
  table: { minWidth: '320px' },
  secondary: { [NARROW]: { display: 'none' } },
  link: {
    color: tokens.colorBrandForegroundLink,
    fontWeight: tokens.fontWeightSemibold,
    overflowWrap: 'anywhere',
    ':hover': { color: tokens.colorBrandForegroundLinkHover },
  },
  mono: { fontFamily: tokens.fontFamilyMonospace, overflowWrap: 'anywhere' },
  actions: { display: 'flex', gap: tokens.spacingHorizontalXS, justifyContent: 'flex-end' },
  actionsHeader: { width: '96px' },
});

/** /console/tenants: every tenant the admin may see; create a customer tenant; delete one. */
export function Component() {
  const t = useStrings();
  const styles = useStyles();
  const can = useCan();
  const navigate = useNavigate();
  const { data, isPending, error } = useTenants();
  const remove = useDeleteTenant();
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<Tenant | null>(null);
  const mayCreate = can(ACTIONS.create);
  const tenants = data?.value ?? [];

  return (
    <>
      <PageHeader
        title={t.tenants.title}
        subtitle={t.tenants.subtitle}
        actions={
          mayCreate && (
            <Button appearance="primary" icon={<AddRegular />} onClick={() => setCreating(true)}>
              {t.tenants.create}
            </Button>
          )
        }
      />
      {isPending && <Loading />}
      <ApiErrorMessage error={error} />
      {data && tenants.length === 0 && (
        <EmptyState
          title={t.tenants.empty}
          action={
            mayCreate && (
              <Button appearance="primary" icon={<AddRegular />} onClick={() => setCreating(true)}>
                {t.tenants.create}
              </Button>
            )
          }
        >
          {mayCreate ? t.tenants.emptyHint : t.tenants.emptyReadOnly}
        </EmptyState>
      )}
      {tenants.length > 0 && (
        <div className={styles.scroll}>
          <Table aria-label={t.tenants.listLabel} className={styles.table}>
            <TableHeader>
              <TableRow>
                <TableHeaderCell>{t.tenants.columns.name}</TableHeaderCell>
                <TableHeaderCell>{t.tenants.columns.id}</TableHeaderCell>
                <TableHeaderCell className={styles.secondary}>{t.tenants.columns.type}</TableHeaderCell>
                <TableHeaderCell className={styles.secondary}>{t.tenants.columns.language}</TableHeaderCell>
                <TableHeaderCell className={styles.secondary}>{t.tenants.columns.created}</TableHeaderCell>
                <TableHeaderCell className={styles.actionsHeader}>{t.common.actions}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {tenants.map((tenant) => {
                const mayDelete = tenant.id !== ADMIN_TENANT_ID && can(ACTIONS.delete, tenant.id);
                return (
                  <TableRow key={tenant.id}>
                    <TableCell>
                      <Link className={styles.link} to={`/t/${encodeURIComponent(tenant.id)}`}>
                        {tenant.displayName}
                      </Link>
                    </TableCell>
                    <TableCell>
                      <span className={styles.mono}>{tenant.id}</span>
                    </TableCell>
                    <TableCell className={styles.secondary}>
                      <Badge appearance="tint" color={tenant.type === 'customer' ? 'brand' : 'informative'}>
                        {t.tenants.types[tenant.type]}
                      </Badge>
                    </TableCell>
                    <TableCell className={styles.secondary}>
                      {t.tenants.languages[tenant.defaultLanguage] ?? tenant.defaultLanguage}
                    </TableCell>
                    <TableCell className={styles.secondary}>{formatDate(tenant.createdDateTime)}</TableCell>
                    <TableCell>
                      <div className={styles.actions}>
                        <Button
                          appearance="subtle"
                          icon={<SettingsRegular />}
                          aria-label={format(t.tenants.settingsOf, { name: tenant.displayName })}
                          title={format(t.tenants.settingsOf, { name: tenant.displayName })}
                          onClick={() => navigate(`/t/${encodeURIComponent(tenant.id)}/settings`)}
                        />
                        {mayDelete && (
                          <Button
                            appearance="subtle"
                            icon={<DeleteRegular />}
                            aria-label={format(t.tenants.deleteOf, { name: tenant.displayName })}
                            title={format(t.tenants.deleteOf, { name: tenant.displayName })}
                            onClick={() => setDeleting(tenant)}
                          />
                        )}
                      </div>
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        </div>
      )}
      {/* Mounted only while open: a closed Fluent dialog still adds Tabster's focus guards. */}
      {creating && (
        <CreateTenantDialog
          open={creating}
          onClose={() => setCreating(false)}
          onCreated={(tenant) => navigate(`/t/${encodeURIComponent(tenant.id)}/settings`)}
        />
      )}
      {deleting && (
        <ConfirmDialog
          open={deleting !== null}
          title={format(t.tenants.delete.title, { name: deleting?.displayName ?? '' })}
          confirmLabel={t.tenants.delete.confirm}
          typed={deleting?.id ?? ''}
          onConfirm={() => remove.mutateAsync(deleting?.id ?? '')}
          onClose={() => setDeleting(null)}
        >
          {t.tenants.delete.body}
        </ConfirmDialog>
      )}
    </>
  );
}
