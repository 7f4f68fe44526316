import {
  Badge,
  Button,
  Menu,
  MenuItem,
  MenuList,
  MenuPopover,
  MenuTrigger,
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
import { ACTIONS, useDeleteProvider, useProviders } from './api';
import { type IdentityProvider, KINDS, kindOf } from './model';
import { ProviderEditor } from './ProviderEditor';

const useStyles = makeStyles({
  scroll: { overflowX: 'auto' },
  link: {
    color: tokens.colorBrandForegroundLink,
    fontWeight: tokens.fontWeightSemibold,
    overflowWrap: 'anywhere',
  },
});

function AddMenu() {
  const t = useStrings();
  const navigate = useNavigate();
  return (
    <Menu>
      <MenuTrigger disableButtonEnhancement>
        <Button appearance="primary" icon={<AddRegular />}>
          {t.idp.add}
        </Button>
      </MenuTrigger>
      <MenuPopover>
        <MenuList>
          {KINDS.map((kind) => (
            <MenuItem key={kind} onClick={() => navigate(`new/${kind}`)}>
              {t.idp.kinds[kind]}
            </MenuItem>
          ))}
        </MenuList>
      </MenuPopover>
    </Menu>
  );
}

function ProviderList() {
  const t = useStrings();
  const styles = useStyles();
  const { tenantId = '' } = useParams();
  const can = useCan();
  const { data, isPending, error } = useProviders(tenantId);
  const remove = useDeleteProvider(tenantId);
  const [deleting, setDeleting] = useState<IdentityProvider | null>(null);
  const canManage = can(ACTIONS.manage, tenantId);
  const providers = data?.value ?? [];
  const add = canManage && <AddMenu />;
  return (
    <>
      <PageHeader title={t.idp.title} subtitle={t.idp.subtitle} actions={providers.length > 0 && add} />
      <ApiErrorMessage error={error} />
      {isPending ? (
        <Loading />
      ) : providers.length === 0 && !error ? (
        <EmptyState title={t.idp.emptyTitle} action={add || undefined}>
          {canManage ? t.idp.emptyBody : t.idp.emptyReadOnly}
        </EmptyState>
      ) : (
        <div className={styles.scroll}>
          <Table aria-label={t.idp.listLabel}>
            <TableHeader>
              <TableRow>
                <TableHeaderCell>{t.idp.columns.displayName}</TableHeaderCell>
                <TableHeaderCell>{t.idp.columns.type}</TableHeaderCell>
                {canManage && <TableHeaderCell>{t.idp.columns.actions}</TableHeaderCell>}
              </TableRow>
            </TableHeader>
            <TableBody>
              {providers.map((provider) => (
                <TableRow key={provider.id}>
                  <TableCell>
                    <Link className={styles.link} to={provider.id}>
                      {provider.displayName}
                    </Link>
                  </TableCell>
                  <TableCell>
                    <Badge appearance="outline">{t.idp.kinds[kindOf(provider)]}</Badge>
                  </TableCell>
                  {canManage && (
                    <TableCell>
                      <Button
                        appearance="subtle"
                        icon={<DeleteRegular />}
                        aria-label={format(t.idp.deleteProvider, { name: provider.displayName })}
                        onClick={() => setDeleting(provider)}
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
        title={format(t.idp.deleteTitle, { name: deleting?.displayName ?? '' })}
        confirmLabel={t.common.delete}
        onConfirm={() => remove.mutateAsync(deleting?.id ?? '')}
        onClose={() => setDeleting(null)}
      >
        {t.idp.deleteBody}
      </ConfirmDialog>
    </>
  );
}

/** /t/:tenantId/identity-providers: the list, a new provider of a kind, one provider. */
export function Component() {
  return (
    <Routes>
      <Route index element={<ProviderList />} />
      <Route path="new/:kind" element={<ProviderEditor />} />
      <Route path=":providerId" element={<ProviderEditor />} />
    </Routes>
  );
}
