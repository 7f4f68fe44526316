import {
  Button,
  Combobox,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
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
import {
  ArrowLeftRegular,
  DeleteRegular,
  EditRegular,
  PersonAddRegular,
  PersonDeleteRegular,
} from '@fluentui/react-icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useApi } from '../../api/ApiProvider';
import { useCan } from '../../api/access';
import { ApiError, unwrap } from '../../api/client';
import { ApiErrorMessage, fieldError } from '../../components/ApiErrorMessage';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { EmptyState } from '../../components/EmptyState';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { format, useStrings } from '../../strings';
import { useUsersPage } from '../users/api';
import { useFormStyles } from '../users/CreateUserDialog';
import { signInName } from '../users/model';
import { useListStyles } from '../users/UsersList';
import { useGroup, useMembers } from './api';
import { GroupDialog } from './GroupsList';
import type { Group, User } from './model';

const useStyles = makeStyles({
  back: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalXS,
    marginBottom: tokens.spacingVerticalM,
    color: tokens.colorBrandForegroundLink,
  },
  section: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    justifyContent: 'space-between',
    gap: tokens.spacingHorizontalM,
    marginBottom: tokens.spacingVerticalM,
  },
  heading: { margin: 0 },
  notice: { marginBottom: tokens.spacingVerticalM },
  more: { marginTop: tokens.spacingVerticalM },
});

export function GroupPage() {
  const t = useStrings();
  const styles = useStyles();
  const { tenantId = '', groupId = '' } = useParams();
  const { data: group, error, isPending } = useGroup(tenantId, groupId);
  const back = (
    <Link to=".." relative="path" className={styles.back}>
      <ArrowLeftRegular aria-hidden />
      {t.groups.backToGroups}
    </Link>
  );
  if (isPending) return <Loading />;
  if (!group)
    return (
      <>
        {back}
        {error instanceof ApiError && error.status === 404 ? (
          <EmptyState title={t.common.notFound}>{error.message}</EmptyState>
        ) : (
          <ApiErrorMessage error={error} />
        )}
      </>
    );
  return (
    <>
      {back}
      <GroupView tenantId={tenantId} group={group} />
    </>
  );
}

function GroupView({ tenantId, group }: { tenantId: string; group: Group }) {
  const t = useStrings();
  const styles = useStyles();
  const list = useListStyles();
  const can = useCan();
  const api = useApi();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const members = useMembers(tenantId, group.id);
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<User | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const canManage = can('microsoft.directory/groups/members/update', tenantId);
  const rows = members.data?.pages.flatMap((page) => page.value) ?? [];
  const refresh = () =>
    queryClient.invalidateQueries({ queryKey: [tenantId, 'groups', group.id, 'members'] });
  return (
    <>
      <PageHeader
        title={group.displayName}
        subtitle={group.description ?? undefined}
        actions={
          <>
            {can('microsoft.directory/groups/basic/update', tenantId) && (
              <Button icon={<EditRegular />} onClick={() => setEditing(true)}>
                {t.groups.editGroup}
              </Button>
            )}
            {can('microsoft.directory/groups/delete', tenantId) && (
              <Button icon={<DeleteRegular />} onClick={() => setDeleting(true)}>
                {t.groups.deleteGroup}
              </Button>
            )}
          </>
        }
      />
      {notice && (
        <MessageBar intent="success" className={styles.notice}>
          <MessageBarBody role="status">{notice}</MessageBarBody>
        </MessageBar>
      )}
      <div className={styles.section}>
        <Text as="h2" size={500} weight="semibold" className={styles.heading}>
          {t.groups.members}
        </Text>
        {canManage && (
          <Button appearance="primary" icon={<PersonAddRegular />} onClick={() => setAdding(true)}>
            {t.groups.addMember}
          </Button>
        )}
      </div>
      <ApiErrorMessage error={members.error} />
      {members.isPending ? (
        <Loading />
      ) : rows.length === 0 && !members.error ? (
        <EmptyState title={t.groups.noMembers} />
      ) : (
        <>
          <div className={list.scroll}>
            <Table
              className={list.table}
              aria-label={format(t.groups.membersLabel, { name: group.displayName })}
            >
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>{t.groups.member}</TableHeaderCell>
                  <TableHeaderCell>{t.groups.signInName}</TableHeaderCell>
                  {canManage && <TableHeaderCell>{t.common.actions}</TableHeaderCell>}
                </TableRow>
              </TableHeader>
              <TableBody>
                {rows.map((user) => (
                  <TableRow key={user.id}>
                    <TableCell>
                      <Link className={list.link} to={`/t/${encodeURIComponent(tenantId)}/users/${user.id}`}>
                        {user.displayName}
                      </Link>
                    </TableCell>
                    <TableCell className={list.wrap}>{signInName(user) ?? ''}</TableCell>
                    {canManage && (
                      <TableCell>
                        <Button
                          appearance="subtle"
                          icon={<PersonDeleteRegular />}
                          aria-label={format(t.groups.removeMember, { name: user.displayName })}
                          onClick={() => setRemoving(user)}
                        />
                      </TableCell>
                    )}
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
          {members.hasNextPage && (
            <Button
              className={styles.more}
              onClick={() => members.fetchNextPage()}
              disabled={members.isFetchingNextPage}
            >
              {t.groups.loadMore}
            </Button>
          )}
        </>
      )}
      {editing && <GroupDialog tenantId={tenantId} group={group} onClose={() => setEditing(false)} />}
      {adding && (
        <AddMemberDialog
          tenantId={tenantId}
          group={group}
          onClose={() => setAdding(false)}
          onAdded={async (user) => {
            setNotice(format(t.groups.memberAdded, { name: user.displayName }));
            await refresh();
            await queryClient.invalidateQueries({ queryKey: [tenantId, 'users', user.id, 'memberOf'] });
          }}
        />
      )}
      {removing && (
        <ConfirmDialog
          open
          title={format(t.groups.removeMemberTitle, { name: removing.displayName, group: group.displayName })}
          confirmLabel={t.common.remove}
          onConfirm={async () => {
            await unwrap(
              api.DELETE('/api/v1/tenants/{tenantId}/groups/{id}/members/{userId}/$ref', {
                params: { path: { tenantId, id: group.id, userId: removing.id } },
              }),
            );
            await refresh();
            await queryClient.invalidateQueries({ queryKey: [tenantId, 'users', removing.id, 'memberOf'] });
          }}
          onClose={() => setRemoving(null)}
        >
          <p>{t.groups.removeMemberBody}</p>
        </ConfirmDialog>
      )}
      {deleting && (
        <ConfirmDialog
          open
          title={format(t.groups.deleteTitle, { name: group.displayName })}
          confirmLabel={t.common.delete}
          onConfirm={async () => {
            await unwrap(
              api.DELETE('/api/v1/tenants/{tenantId}/groups/{id}', {
                params: { path: { tenantId, id: group.id } },
              }),
            );
            queryClient.removeQueries({ queryKey: [tenantId, 'groups', group.id] });
            await queryClient.invalidateQueries({ queryKey: [tenantId, 'groups', 'list'] });
            navigate('..', { relative: 'path' });
          }}
          onClose={() => setDeleting(false)}
        >
          <p>{t.groups.deleteBody}</p>
        </ConfirmDialog>
      )}
    </>
  );
}

/** Picks a user by searching the directory (a prefix of name, mail or username) and adds them. */
function AddMemberDialog({
  tenantId,
  group,
  onClose,
  onAdded,
}: {
  tenantId: string;
  group: Group;
  onClose: () => void;
  onAdded: (user: User) => Promise<void>;
}) {
  const t = useStrings();
  const styles = useFormStyles();
  const api = useApi();
  const [text, setText] = useState('');
  const [search, setSearch] = useState('');
  const [picked, setPicked] = useState<User | null>(null);
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setSearch(text.trim()), 200);
    return () => clearTimeout(timer);
  }, [text]);
  const found = useUsersPage(tenantId, search, undefined, 10);
  const options = search ? (found.data?.value ?? []) : [];
  const add = useMutation({
    mutationFn: async (user: User) => {
      await unwrap(
        api.POST('/api/v1/tenants/{tenantId}/groups/{id}/members/$ref', {
          params: { path: { tenantId, id: group.id } },
          body: { id: user.id },
        }),
      );
      return user;
    },
    onSuccess: async (user) => {
      await onAdded(user);
      onClose();
    },
  });
  const label = (user: User) => {
    const login = signInName(user);
    return login ? `${user.displayName} (${login})` : user.displayName;
  };
  return (
    <Dialog open onOpenChange={(_event, data) => !data.open && onClose()}>
      <DialogSurface>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (picked) add.mutate(picked);
          }}
        >
          <DialogBody>
            <DialogTitle>{format(t.groups.addMemberTitle, { name: group.displayName })}</DialogTitle>
            <DialogContent className={styles.form}>
              <Field
                label={t.groups.userSearch}
                required
                hint={search ? undefined : t.groups.typeToSearch}
                validationMessage={fieldError(add.error, 'id') ?? fieldError(add.error, '@odata.id')}
              >
                <Combobox
                  freeform
                  inlinePopup
                  placeholder={t.groups.userSearchPlaceholder}
                  value={text}
                  open={open && search !== ''}
                  onOpenChange={(_event, data) => setOpen(data.open)}
                  selectedOptions={picked ? [picked.id] : []}
                  onChange={(event) => {
                    setText(event.target.value);
                    setOpen(true);
                    setPicked(null);
                    add.reset();
                  }}
                  onOptionSelect={(_event, data) => {
                    const user = options.find((u) => u.id === data.optionValue) ?? null;
                    setPicked(user);
                    if (user) setText(label(user));
                  }}
                >
                  {options.map((user) => (
                    <Option key={user.id} value={user.id} text={label(user)}>
                      {label(user)}
                    </Option>
                  ))}
                  {search && !found.isFetching && options.length === 0 && (
                    <Option disabled value="" text={t.groups.noUserFound}>
                      {t.groups.noUserFound}
                    </Option>
                  )}
                </Combobox>
              </Field>
              {!fieldError(add.error, 'id') && !fieldError(add.error, '@odata.id') && (
                <ApiErrorMessage error={add.error ?? found.error} />
              )}
            </DialogContent>
            <DialogActions>
              <Button type="button" appearance="secondary" onClick={onClose}>
                {t.common.cancel}
              </Button>
              <Button type="submit" appearance="primary" disabled={!picked || add.isPending}>
                {t.groups.add}
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
