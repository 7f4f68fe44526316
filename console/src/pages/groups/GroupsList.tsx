import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  Textarea,
} from '@fluentui/react-components';
import { AddRegular, ChevronLeftRegular, ChevronRightRegular } from '@fluentui/react-icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useApi } from '../../api/ApiProvider';
import { useCan } from '../../api/access';
import { unwrap } from '../../api/client';
import { ApiErrorMessage, fieldError, isFieldError } from '../../components/ApiErrorMessage';
import { EmptyState } from '../../components/EmptyState';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { format, useStrings } from '../../strings';
import { skipTokenOf } from '../users/api';
import { useFormStyles } from '../users/CreateUserDialog';
import { formatDate } from '../users/format';
import { useListStyles } from '../users/UsersList';
import { useGroupsPage } from './api';
import type { Group } from './model';

export function GroupsList() {
  const t = useStrings();
  const styles = useListStyles();
  const { tenantId = '' } = useParams();
  const can = useCan();
  const [tokens, setTokens] = useState<(string | undefined)[]>([]);
  const [creating, setCreating] = useState(false);
  const { data, error, isPending, isFetching } = useGroupsPage(tenantId, tokens.at(-1));
  const canCreate = can('microsoft.directory/groups/create', tenantId);
  const next = skipTokenOf(data?.['@odata.nextLink']);
  const rows = data?.value ?? [];
  const createButton = canCreate && (
    <Button appearance="primary" icon={<AddRegular />} onClick={() => setCreating(true)}>
      {t.groups.newGroup}
    </Button>
  );
  return (
    <>
      <PageHeader title={t.groups.title} subtitle={t.groups.subtitle} actions={createButton} />
      <ApiErrorMessage error={error} />
      {isPending ? (
        <Loading />
      ) : rows.length === 0 && !error ? (
        <EmptyState title={t.groups.emptyTitle} action={createButton}>
          {t.groups.emptyBody}
        </EmptyState>
      ) : (
        <>
          <div className={styles.scroll}>
            <Table className={styles.table} aria-label={t.groups.listLabel} aria-busy={isFetching}>
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>{t.groups.columns.displayName}</TableHeaderCell>
                  <TableHeaderCell>{t.groups.columns.description}</TableHeaderCell>
                  <TableHeaderCell className={styles.secondary}>{t.groups.columns.created}</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {rows.map((group) => (
                  <TableRow key={group.id}>
                    <TableCell>
                      <Link className={styles.link} to={group.id}>
                        {group.displayName}
                      </Link>
                    </TableCell>
                    <TableCell className={styles.wrap}>{group.description ?? ''}</TableCell>
                    <TableCell className={styles.secondary}>{formatDate(group.createdDateTime)}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
          {(tokens.length > 0 || next) && (
            <nav className={styles.pager} aria-label={t.groups.listLabel}>
              <Button
                icon={<ChevronLeftRegular />}
                disabled={tokens.length === 0}
                onClick={() => setTokens((list) => list.slice(0, -1))}
              >
                {t.common.previous}
              </Button>
              <Text>{format(t.common.page, { page: tokens.length + 1 })}</Text>
              <Button
                icon={<ChevronRightRegular />}
                iconPosition="after"
                disabled={!next}
                onClick={() => setTokens((list) => [...list, next])}
              >
                {t.common.next}
              </Button>
            </nav>
          )}
        </>
      )}
      {creating && <GroupDialog tenantId={tenantId} onClose={() => setCreating(false)} />}
    </>
  );
}

const FIELDS = ['displayName', 'description', 'mailNickname'];

/** Creates a group, or edits one (`group` given). */
export function GroupDialog({
  tenantId,
  group,
  onClose,
}: {
  tenantId: string;
  group?: Group;
  onClose: () => void;
}) {
  const t = useStrings();
  const styles = useFormStyles();
  const api = useApi();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [displayName, setDisplayName] = useState(group?.displayName ?? '');
  const [description, setDescription] = useState(group?.description ?? '');
  const [mailNickname, setMailNickname] = useState(group?.mailNickname ?? '');
  const save = useMutation({
    mutationFn: () => {
      const fields = {
        displayName,
        description: description.trim() ? description : null,
        mailNickname: mailNickname.trim() ? mailNickname : null,
      };
      return group
        ? unwrap<Group>(
            api.PATCH('/api/v1/tenants/{tenantId}/groups/{id}', {
              params: { path: { tenantId, id: group.id } },
              body: fields,
            }),
          )
        : unwrap<Group>(
            api.POST('/api/v1/tenants/{tenantId}/groups', { params: { path: { tenantId } }, body: fields }),
          );
    },
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: [tenantId, 'groups'] });
      onClose();
      if (!group) navigate(saved.id);
    },
  });
  return (
    <Dialog open onOpenChange={(_event, data) => !data.open && onClose()}>
      <DialogSurface>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            save.mutate();
          }}
        >
          <DialogBody>
            <DialogTitle>
              {group ? format(t.groups.editTitle, { name: group.displayName }) : t.groups.createTitle}
            </DialogTitle>
            <DialogContent className={styles.form}>
              <Field
                label={t.groups.displayName}
                required
                validationMessage={fieldError(save.error, 'displayName')}
              >
                <Input value={displayName} onChange={(_event, data) => setDisplayName(data.value)} />
              </Field>
              <Field label={t.groups.description} validationMessage={fieldError(save.error, 'description')}>
                <Textarea value={description} onChange={(_event, data) => setDescription(data.value)} />
              </Field>
              <Field
                label={t.groups.mailNickname}
                hint={t.groups.mailNicknameHint}
                validationMessage={fieldError(save.error, 'mailNickname')}
              >
                <Input value={mailNickname} onChange={(_event, data) => setMailNickname(data.value)} />
              </Field>
              {!isFieldError(save.error, FIELDS) && <ApiErrorMessage error={save.error} />}
            </DialogContent>
            <DialogActions>
              <Button type="button" appearance="secondary" onClick={onClose}>
                {t.common.cancel}
              </Button>
              <Button type="submit" appearance="primary" disabled={save.isPending}>
                {group ? t.common.save : t.common.create}
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
