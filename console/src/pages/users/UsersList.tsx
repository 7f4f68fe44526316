import {
  Badge,
  Button,
  makeStyles,
  SearchBox,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  tokens,
} from '@fluentui/react-components';
import { ChevronLeftRegular, ChevronRightRegular, PersonAddRegular } from '@fluentui/react-icons';
import { useEffect, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { useCan } from '../../api/access';
import { ApiErrorMessage } from '../../components/ApiErrorMessage';
import { EmptyState } from '../../components/EmptyState';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { format, useStrings } from '../../strings';
import { skipTokenOf, useUsersPage } from './api';
import { CreateUserDialog } from './CreateUserDialog';
import { formatDate } from './format';
import { signInName } from './model';

const NARROW = '@media (max-width: 767px)';

export const useListStyles = makeStyles({
  toolbar: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: tokens.spacingHorizontalM,
    marginBottom: tokens.spacingVerticalM,
  },
  search: { width: '360px', maxWidth: '100%' },
  scroll: { overflowX: 'auto' },
  table: { minWidth: '320px' },
  secondary: { [NARROW]: { display: 'none' } },
  link: {
    color: tokens.colorBrandForegroundLink,
    fontWeight: tokens.fontWeightSemibold,
    overflowWrap: 'anywhere',
    ':hover': { color: tokens.colorBrandForegroundLinkHover },
  },
  wrap: { overflowWrap: 'anywhere' },
  pager: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
    marginTop: tokens.spacingVerticalM,
  },
});

/** The tenant's users: search (a prefix of name, mail or username) and Graph-style paging. */
export function UsersList() {
  const t = useStrings();
  const styles = useListStyles();
  const { tenantId = '' } = useParams();
  const can = useCan();
  const [params, setParams] = useSearchParams();
  const search = params.get('search') ?? '';
  const [text, setText] = useState(search);
  // The skip tokens of the pages before this one: [] on the first page.
  const [tokens_, setTokens] = useState<(string | undefined)[]>([]);
  const skipToken = tokens_.at(-1);
  const [creating, setCreating] = useState(false);
  const { data, error, isPending, isFetching } = useUsersPage(tenantId, search, skipToken);
  const canCreate = can('microsoft.directory/users/create', tenantId);

  // Search as the admin types, a moment after the last key.
  useEffect(() => {
    if (text.trim() === search) return;
    const timer = setTimeout(() => {
      setTokens([]);
      setParams(text.trim() ? { search: text.trim() } : {}, { replace: true });
    }, 250);
    return () => clearTimeout(timer);
  }, [text, search, setParams]);

  const next = skipTokenOf(data?.['@odata.nextLink']);
  const rows = data?.value ?? [];
  return (
    <>
      <PageHeader
        title={t.users.title}
        subtitle={t.users.subtitle}
        actions={
          canCreate && (
            <Button appearance="primary" icon={<PersonAddRegular />} onClick={() => setCreating(true)}>
              {t.users.newUser}
            </Button>
          )
        }
      />
      <div className={styles.toolbar}>
        <SearchBox
          className={styles.search}
          aria-label={t.users.searchLabel}
          placeholder={t.users.searchPlaceholder}
          value={text}
          onChange={(_event, data) => setText(data.value)}
        />
      </div>
      <ApiErrorMessage error={error} />
      {isPending ? (
        <Loading />
      ) : rows.length === 0 && !error ? (
        search ? (
          <EmptyState
            title={format(t.users.noMatchTitle, { search })}
            action={<Button onClick={() => setText('')}>{t.users.clearSearch}</Button>}
          >
            {t.users.noMatchBody}
          </EmptyState>
        ) : (
          <EmptyState
            title={t.users.emptyTitle}
            action={
              canCreate && (
                <Button appearance="primary" icon={<PersonAddRegular />} onClick={() => setCreating(true)}>
                  {t.users.newUser}
                </Button>
              )
            }
          >
            {t.users.emptyBody}
          </EmptyState>
        )
      ) : (
        <>
          <div className={styles.scroll}>
            <Table className={styles.table} aria-label={t.users.listLabel} aria-busy={isFetching}>
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>{t.users.columns.displayName}</TableHeaderCell>
                  <TableHeaderCell>{t.users.columns.signInName}</TableHeaderCell>
                  <TableHeaderCell className={styles.secondary}>{t.users.columns.status}</TableHeaderCell>
                  <TableHeaderCell className={styles.secondary}>{t.users.columns.created}</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {rows.map((user) => (
                  <TableRow key={user.id}>
                    <TableCell>
                      <Link className={styles.link} to={encodeURIComponent(user.id)}>
                        {user.displayName}
                      </Link>
                    </TableCell>
                    <TableCell className={styles.wrap}>{signInName(user) ?? t.common.none}</TableCell>
                    <TableCell className={styles.secondary}>
                      {user.accountEnabled ? (
                        <Badge appearance="tint" color="success">
                          {t.users.enabled}
                        </Badge>
                      ) : (
                        <Badge appearance="tint" color="danger">
                          {t.users.blocked}
                        </Badge>
                      )}
                    </TableCell>
                    <TableCell className={styles.secondary}>{formatDate(user.createdDateTime)}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
          {(tokens_.length > 0 || next) && (
            <nav className={styles.pager} aria-label={t.users.pageLabel}>
              <Button
                icon={<ChevronLeftRegular />}
                disabled={tokens_.length === 0}
                onClick={() => setTokens((list) => list.slice(0, -1))}
              >
                {t.common.previous}
              </Button>
              <Text aria-live="polite">{format(t.users.pageNumber, { page: tokens_.length + 1 })}</Text>
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
      {creating && <CreateUserDialog tenantId={tenantId} onClose={() => setCreating(false)} />}
    </>
  );
}
