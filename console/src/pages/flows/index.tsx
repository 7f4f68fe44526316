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
import { AddRegular, DeleteRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import { Link, Route, Routes, useNavigate, useParams } from 'react-router';
import { useCan } from '../../api/access';
import { ApiErrorMessage } from '../../components/ApiErrorMessage';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { EmptyState } from '../../components/EmptyState';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { format, useStrings } from '../../strings';
import { ACTIONS, useDeleteUserFlow, useUserFlows } from './api';
import { FlowEditor } from './FlowEditor';
import type { UserFlow } from './model';

export const useListStyles = makeStyles({
  scroll: { overflowX: 'auto' },
  secondary: { '@media (max-width: 767px)': { display: 'none' } },
  name: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalS },
  link: { color: tokens.colorBrandForegroundLink, fontWeight: tokens.fontWeightSemibold },
});

function FlowList() {
  const t = useStrings();
  const styles = useListStyles();
  const { tenantId = '' } = useParams();
  const can = useCan();
  const navigate = useNavigate();
  const { data, isPending, error } = useUserFlows(tenantId);
  const remove = useDeleteUserFlow(tenantId);
  const [deleting, setDeleting] = useState<UserFlow | null>(null);
  const canManage = can(ACTIONS.manageFlows, tenantId);
  const create = canManage && (
    <Button appearance="primary" icon={<AddRegular />} onClick={() => navigate('new')}>
      {t.flows.newFlow}
    </Button>
  );
  const flows = data?.value ?? [];
  const appCount = (flow: UserFlow) =>
    flow.applications.length === 0
      ? flow.isDefault
        ? t.flows.appCountNone
        : '0'
      : flow.applications.length === 1
        ? t.flows.appCountOne
        : format(t.flows.appCount, { count: flow.applications.length });
  return (
    <>
      <PageHeader title={t.flows.title} subtitle={t.flows.subtitle} actions={flows.length > 0 && create} />
      <ApiErrorMessage error={error} />
      {isPending ? (
        <Loading />
      ) : flows.length === 0 && !error ? (
        <EmptyState title={t.flows.emptyTitle} action={create || undefined}>
          {canManage ? t.flows.emptyBody : t.flows.emptyReadOnly}
        </EmptyState>
      ) : (
        <div className={styles.scroll}>
          <Table aria-label={t.flows.listLabel}>
            <TableHeader>
              <TableRow>
                <TableHeaderCell>{t.flows.columns.displayName}</TableHeaderCell>
                <TableHeaderCell>{t.flows.columns.signUp}</TableHeaderCell>
                <TableHeaderCell className={styles.secondary}>{t.flows.columns.methods}</TableHeaderCell>
                <TableHeaderCell className={styles.secondary}>{t.flows.columns.applications}</TableHeaderCell>
                {canManage && <TableHeaderCell>{t.flows.columns.actions}</TableHeaderCell>}
              </TableRow>
            </TableHeader>
            <TableBody>
              {flows.map((flow) => (
                <TableRow key={flow.id}>
                  <TableCell>
                    <span className={styles.name}>
                      <Link className={styles.link} to={flow.id}>
                        {flow.displayName}
                      </Link>
                      {flow.isDefault && (
                        <Badge appearance="tint" color="brand">
                          {t.flows.defaultBadge}
                        </Badge>
                      )}
                    </span>
                  </TableCell>
                  <TableCell>
                    <Badge appearance="outline" color={flow.isSignUpAllowed ? 'success' : 'subtle'}>
                      {flow.isSignUpAllowed ? t.flows.signUpOn : t.flows.signUpOff}
                    </Badge>
                  </TableCell>
                  <TableCell className={styles.secondary}>
                    {flow.signInMethods.map((method) => t.flows.methods[method]).join(', ')}
                  </TableCell>
                  <TableCell className={styles.secondary}>{appCount(flow)}</TableCell>
                  {canManage && (
                    <TableCell>
                      <Button
                        appearance="subtle"
                        icon={<DeleteRegular />}
                        aria-label={format(t.flows.deleteFlow, { name: flow.displayName })}
                        onClick={() => setDeleting(flow)}
                      />
                    </TableCell>
                  )}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
      <ConfirmDialog
        open={deleting !== null}
        title={format(t.flows.deleteTitle, { name: deleting?.displayName ?? '' })}
        confirmLabel={t.common.delete}
        onConfirm={() => remove.mutateAsync(deleting?.id ?? '')}
        onClose={() => setDeleting(null)}
      >
        {t.flows.deleteBody}
      </ConfirmDialog>
    </>
  );
}

/** /t/:tenantId/user-flows: the list, a new flow, one flow. */
export function Component() {
  return (
    <Routes>
      <Route index element={<FlowList />} />
      <Route path="new" element={<FlowEditor />} />
      <Route path=":flowId" element={<FlowEditor />} />
    </Routes>
  );
}
