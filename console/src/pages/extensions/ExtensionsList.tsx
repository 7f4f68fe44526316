import { Button } from '@fluentui/react-components';
import { AddRegular } from '@fluentui/react-icons';
import { Link, useNavigate, useParams } from 'react-router';
import { useCan } from '../../api/access';
import { ApiErrorMessage } from '../../components/ApiErrorMessage';
import { type Column, DataTable } from '../../components/DataTable';
import { EmptyState } from '../../components/EmptyState';
import { Loading } from '../../components/Loading';
import { useStrings } from '../../strings';
import { ACTIONS, useApplications, useExtensions } from './api';
import { type CustomExtension, eventOf, resourceAppOf } from './model';
import { AreaHeader, extPath, ReadOnlyNotice, useStyles } from './shared';

/** Custom authentication extensions: each with its event, its endpoint and its API app; create. */
export function ExtensionsList() {
  const t = useStrings();
  const s = t.extensions;
  const styles = useStyles();
  const { tenantId = '' } = useParams();
  const navigate = useNavigate();
  const can = useCan();
  const canEdit = can(ACTIONS.manageExtensions, tenantId);
  const extensions = useExtensions(tenantId);
  const apps = useApplications(tenantId, can(ACTIONS.readApps, tenantId));
  const rows = extensions.data?.value ?? [];

  const create = canEdit && (
    <Button
      appearance="primary"
      icon={<AddRegular />}
      onClick={() => navigate(extPath(tenantId, 'custom', 'new'))}
    >
      {s.list.create}
    </Button>
  );
  const apiAppOf = (extension: CustomExtension) => {
    const { resourceId } = extension.authenticationConfiguration;
    return resourceAppOf(apps.data?.value ?? [], resourceId)?.displayName ?? resourceId;
  };
  const columns: Column<CustomExtension>[] = [
    {
      id: 'name',
      header: s.list.name,
      cell: (extension) => (
        <Link className={styles.link} to={extPath(tenantId, 'custom', extension.id)}>
          {extension.displayName}
        </Link>
      ),
    },
    {
      id: 'event',
      header: s.list.event,
      cell: (extension) => {
        const event = eventOf(extension);
        return event ? s.events[event].name : s.unknownEvent;
      },
    },
    {
      id: 'url',
      header: s.list.targetUrl,
      secondary: true,
      cell: (extension) => <span className={styles.mono}>{extension.endpointConfiguration.targetUrl}</span>,
    },
    { id: 'app', header: s.list.apiApp, secondary: true, cell: apiAppOf },
  ];

  return (
    <>
      <AreaHeader page="custom" subtitle={s.list.subtitle} actions={rows.length > 0 && create} />
      <ReadOnlyNotice show={!canEdit} />
      <ApiErrorMessage error={extensions.error} />
      {extensions.isPending ? (
        <Loading />
      ) : rows.length === 0 && !extensions.error ? (
        <EmptyState title={s.list.emptyTitle} action={create || undefined}>
          {canEdit ? s.list.emptyBody : s.list.emptyReadOnly}
        </EmptyState>
      ) : (
        <DataTable
          label={s.list.label}
          rows={rows}
          columns={columns}
          rowKey={(extension) => extension.id}
          rowLabel={(extension) => extension.displayName}
          busy={extensions.isFetching}
        />
      )}
    </>
  );
}
