import {
  Field,
  SearchBox,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from '@fluentui/react-components';
import { useState } from 'react';
import { Link } from 'react-router';
import { ApiErrorMessage } from '../../components/ApiErrorMessage';
import { EmptyState } from '../../components/EmptyState';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { format, useStrings } from '../../strings';
import { useRoleDefinitions } from './api';
import { useRoleStyles } from './styles';

/** `/roles`: every built-in role, its description and how many actions it allows. */
export function RolesList() {
  const t = useStrings();
  const styles = useRoleStyles();
  const [search, setSearch] = useState('');
  const { data, error, isPending } = useRoleDefinitions();
  const term = search.trim().toLowerCase();
  const roles = (data?.value ?? []).filter((role) => role.displayName.toLowerCase().includes(term));
  return (
    <>
      <PageHeader title={t.roles.title} subtitle={t.roles.subtitle} />
      <ApiErrorMessage error={error} />
      <div className={styles.toolbar}>
        <Field label={t.roles.search} className={styles.search}>
          <SearchBox
            value={search}
            placeholder={t.roles.searchPlaceholder}
            onChange={(_event, value) => setSearch(value.value)}
          />
        </Field>
      </div>
      {isPending ? (
        <Loading />
      ) : roles.length === 0 && !error ? (
        <EmptyState title={t.roles.noRoles}>{t.roles.noRolesBody}</EmptyState>
      ) : (
        <div className={styles.scroll}>
          <Table aria-label={t.roles.listLabel} className={styles.table}>
            <TableHeader>
              <TableRow>
                <TableHeaderCell>{t.roles.columns.role}</TableHeaderCell>
                <TableHeaderCell>{t.roles.columns.description}</TableHeaderCell>
                <TableHeaderCell className={styles.secondary}>{t.roles.columns.permissions}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {roles.map((role) => (
                <TableRow key={role.id}>
                  <TableCell>
                    <Link className={styles.link} to={role.id}>
                      {role.displayName}
                    </Link>
                  </TableCell>
                  <TableCell className={styles.wrap}>{role.description}</TableCell>
                  <TableCell className={styles.secondary}>
                    {format(t.roles.permissionsCount, {
                      count: role.rolePermissions.reduce((n, p) => n + p.allowedResourceActions.length, 0),
                    })}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
    </>
  );
}
