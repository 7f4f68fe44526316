import {
  Badge,
  Button,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from '@fluentui/react-components';
import { AddRegular } from '@fluentui/react-icons';
import { Link, Route, Routes, useNavigate, useParams } from 'react-router';
import { useCan } from '../../api/access';
import { ApiErrorMessage } from '../../components/ApiErrorMessage';
import { EmptyState } from '../../components/EmptyState';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { useStrings } from '../../strings';
import { AppPage } from './AppPage';
import { ACTIONS, useApplications } from './api';
import { NewRegistration } from './NewRegistration';
import { appsPath, platformsOf, useTableStyles } from './shared';

function AppList() {
  const t = useStrings();
  const styles = useTableStyles();
  const { tenantId = '' } = useParams();
  const can = useCan();
  const navigate = useNavigate();
  const { data, isPending, error } = useApplications(tenantId);
  const canCreate = can(ACTIONS.create, tenantId);
  const create = canCreate && (
    <Button appearance="primary" icon={<AddRegular />} onClick={() => navigate(appsPath(tenantId, 'new'))}>
      {t.apps.newRegistration}
    </Button>
  );
  const apps = data?.value ?? [];
  return (
    <>
      <PageHeader title={t.apps.title} subtitle={t.apps.subtitle} actions={apps.length > 0 && create} />
      <ApiErrorMessage error={error} />
      {isPending ? (
        <Loading />
      ) : apps.length === 0 && !error ? (
        <EmptyState title={t.apps.emptyTitle} action={create || undefined}>
          {canCreate ? t.apps.emptyBody : t.apps.emptyReadOnly}
        </EmptyState>
      ) : (
        <div className={styles.scroll}>
          <Table aria-label={t.apps.listLabel}>
            <TableHeader>
              <TableRow>
                <TableHeaderCell>{t.apps.columns.displayName}</TableHeaderCell>
                <TableHeaderCell>{t.apps.columns.appId}</TableHeaderCell>
                <TableHeaderCell className={styles.secondary}>{t.apps.columns.platforms}</TableHeaderCell>
                <TableHeaderCell className={styles.secondary}>{t.apps.columns.created}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {apps.map((app) => (
                <TableRow key={app.id}>
                  <TableCell>
                    <Link to={appsPath(tenantId, app.id, 'overview')}>{app.displayName}</Link>
                  </TableCell>
                  <TableCell className={styles.mono}>{app.appId}</TableCell>
                  <TableCell className={styles.secondary}>
                    <span className={styles.badges}>
                      {platformsOf(app).map((platform) => (
                        <Badge key={platform} appearance="tint" color="informative">
                          {t.apps.platforms[platform]}
                        </Badge>
                      ))}
                    </span>
                  </TableCell>
                  <TableCell className={styles.secondary}>
                    {new Date(app.createdDateTime).toLocaleDateString()}
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

/** /t/:tenantId/apps: the list, the registration wizard, and each app's tabs. */
export function Component() {
  return (
    <Routes>
      <Route index element={<AppList />} />
      <Route path="new" element={<NewRegistration />} />
      <Route path=":appObjectId/*" element={<AppPage />} />
    </Routes>
  );
}
