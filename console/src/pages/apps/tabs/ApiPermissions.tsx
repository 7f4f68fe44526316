import {
  Badge,
  Button,
  Checkbox,
  Dropdown,
  Field,
  MessageBar,
  MessageBarBody,
  Option,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
} from '@fluentui/react-components';
import { AddRegular, CheckmarkCircleRegular, DeleteRegular } from '@fluentui/react-icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useApi } from '../../../api/ApiProvider';
import { useCan } from '../../../api/access';
import { unwrap } from '../../../api/client';
import { ApiErrorMessage, fieldError } from '../../../components/ApiErrorMessage';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { EmptyState } from '../../../components/EmptyState';
import { Loading } from '../../../components/Loading';
import { format, useStrings } from '../../../strings';
import { useAppContext } from '../AppPage';
import {
  ACTIONS,
  appsKey,
  useAppRoleAssignmentsOf,
  usePermissionGrantsOf,
  useServicePrincipalOf,
  useServicePrincipals,
  useUpdateApplication,
} from '../api';
import type { RequiredResourceAccess, ServicePrincipal } from '../model';
import { useTableStyles } from '../shared';

interface Row {
  key: string;
  resourceAppId: string;
  access: { id: string; type: 'Scope' | 'Role' };
  api: string;
  name: string;
  description: string;
  granted: boolean;
}

/**
 * API permissions: what the app declares it needs (requiredResourceAccess), whether an admin
 * granted it (oauth2PermissionGrants for scopes, appRoleAssignments for app roles), adding and
 * removing permissions, granting and revoking admin consent.
 */
export function ApiPermissionsTab() {
  const t = useStrings();
  const p = t.apps.permissions;
  const styles = useTableStyles();
  const can = useCan();
  const api = useApi();
  const queryClient = useQueryClient();
  const { tenantId, app } = useAppContext();
  const principals = useServicePrincipals(tenantId);
  const self = useServicePrincipalOf(tenantId, app.appId);
  const grants = usePermissionGrantsOf(tenantId, self.data?.id);
  const assignments = useAppRoleAssignmentsOf(tenantId, self.data?.id);
  const update = useUpdateApplication(tenantId, app.id);
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<Row | null>(null);
  const [revoking, setRevoking] = useState(false);
  const editable = can(ACTIONS.update, tenantId);
  const consentable = can(ACTIONS.grants, tenantId) && can(ACTIONS.assignments, tenantId);
  const spOf = (appId: string) => principals.data?.value.find((sp) => sp.appId === appId);
  const grantOf = (resourceId: string) => grants.data?.value.find((g) => g.resourceId === resourceId);

  const refresh = () => queryClient.invalidateQueries({ queryKey: appsKey(tenantId) });
  const path = (id: string) => ({ path: { tenantId, id } });

  /** Admin consent for everything listed: the grant's scopes (created or widened) and each app role. */
  const grant = useMutation({
    mutationFn: async () => {
      const clientId = self.data?.id ?? '';
      for (const resource of app.requiredResourceAccess) {
        const sp = spOf(resource.resourceAppId);
        if (!sp) continue;
        const scopes = resource.resourceAccess
          .filter((a) => a.type === 'Scope')
          .flatMap((a) => sp.oauth2PermissionScopes.find((s) => s.id === a.id && s.isEnabled)?.value ?? []);
        if (scopes.length) {
          const existing = grantOf(sp.id);
          if (existing) {
            const scope = [...new Set([...existing.scope.split(' ').filter(Boolean), ...scopes])].join(' ');
            if (scope !== existing.scope)
              await unwrap(
                api.PATCH('/api/v1/tenants/{tenantId}/oauth2PermissionGrants/{id}', {
                  params: path(existing.id),
                  body: { scope },
                }),
              );
          } else {
            await unwrap(
              api.POST('/api/v1/tenants/{tenantId}/oauth2PermissionGrants', {
                params: { path: { tenantId } },
                body: {
                  clientId,
                  consentType: 'AllPrincipals',
                  principalId: null,
                  resourceId: sp.id,
                  scope: scopes.join(' '),
                },
              }),
            );
          }
        }
        for (const access of resource.resourceAccess) {
          if (access.type !== 'Role') continue;
          const held = assignments.data?.value.some(
            (a) => a.resourceId === sp.id && a.appRoleId === access.id,
          );
          if (held || !sp.appRoles.some((r) => r.id === access.id && r.isEnabled)) continue;
          await unwrap(
            api.POST('/api/v1/tenants/{tenantId}/servicePrincipals/{id}/appRoleAssignments', {
              params: path(clientId),
              body: { principalId: clientId, resourceId: sp.id, appRoleId: access.id },
            }),
          );
        }
      }
    },
    onSettled: refresh,
  });

  /** Revokes what this app holds on the APIs listed: their grants and app role assignments. */
  const revoke = async () => {
    const clientId = self.data?.id ?? '';
    const resources = new Set(app.requiredResourceAccess.flatMap((r) => spOf(r.resourceAppId)?.id ?? []));
    try {
      for (const g of grants.data?.value ?? []) {
        if (!resources.has(g.resourceId)) continue;
        await unwrap(
          api.DELETE('/api/v1/tenants/{tenantId}/oauth2PermissionGrants/{id}', { params: path(g.id) }),
        );
      }
      for (const a of assignments.data?.value ?? []) {
        if (!resources.has(a.resourceId)) continue;
        await unwrap(
          api.DELETE('/api/v1/tenants/{tenantId}/servicePrincipals/{id}/appRoleAssignments/{assignmentId}', {
            params: { path: { tenantId, id: clientId, assignmentId: a.id } },
          }),
        );
      }
    } finally {
      await refresh();
    }
  };

  const removePermission = (row: Row) =>
    update.mutateAsync({
      requiredResourceAccess: app.requiredResourceAccess.flatMap((resource) => {
        if (resource.resourceAppId !== row.resourceAppId) return [resource];
        const rest = resource.resourceAccess.filter(
          (a) => !(a.id === row.access.id && a.type === row.access.type),
        );
        return rest.length ? [{ ...resource, resourceAccess: rest }] : [];
      }),
    });

  if (principals.isPending || self.isPending) return <Loading />;
  const rows: Row[] = app.requiredResourceAccess.flatMap((resource) => {
    const sp = spOf(resource.resourceAppId);
    return resource.resourceAccess.map((access) => {
      const scope =
        access.type === 'Scope' ? sp?.oauth2PermissionScopes.find((s) => s.id === access.id) : undefined;
      const role = access.type === 'Role' ? sp?.appRoles.find((r) => r.id === access.id) : undefined;
      const granted =
        sp !== undefined &&
        (scope
          ? (grantOf(sp.id)?.scope.split(' ') ?? []).includes(scope.value)
          : (assignments.data?.value ?? []).some((a) => a.resourceId === sp.id && a.appRoleId === access.id));
      return {
        key: `${resource.resourceAppId}:${access.type}:${access.id}`,
        resourceAppId: resource.resourceAppId,
        access,
        api: sp?.displayName ?? resource.resourceAppId,
        name: scope?.value ?? role?.value ?? format(p.unknown, { id: access.id }),
        description: scope?.adminConsentDisplayName ?? role?.displayName ?? '',
        granted,
      };
    });
  });
  const anyGranted = rows.some((row) => row.granted);
  const allGranted = rows.length > 0 && rows.every((row) => row.granted);

  return (
    <section className={styles.section} aria-labelledby="api-permissions">
      <Text as="h2" size={500} weight="semibold" id="api-permissions">
        {p.title}
      </Text>
      <Text>{p.intro}</Text>
      <ApiErrorMessage error={principals.error ?? self.error ?? grants.error ?? assignments.error} />
      {(editable || consentable) && !adding && (
        <div className={styles.actions}>
          {editable && (
            <Button icon={<AddRegular />} onClick={() => setAdding(true)}>
              {p.add}
            </Button>
          )}
          {consentable && rows.length > 0 && (
            <Button
              appearance="primary"
              icon={<CheckmarkCircleRegular />}
              disabled={grant.isPending || allGranted}
              onClick={() => grant.mutate()}
            >
              {p.grantConsent}
            </Button>
          )}
          {consentable && anyGranted && <Button onClick={() => setRevoking(true)}>{p.revokeConsent}</Button>}
        </div>
      )}
      {grant.isSuccess && allGranted && (
        <MessageBar intent="success">
          <MessageBarBody>{p.consentGranted}</MessageBarBody>
        </MessageBar>
      )}
      <ApiErrorMessage error={grant.error} />
      {adding && (
        <AddPermission
          principals={(principals.data?.value ?? []).filter((sp) => sp.id !== self.data?.id)}
          current={app.requiredResourceAccess}
          pending={update.isPending}
          error={update.error}
          onCancel={() => setAdding(false)}
          onSave={(list) =>
            update
              .mutateAsync({ requiredResourceAccess: list })
              .then(() => setAdding(false))
              .catch(() => undefined)
          }
        />
      )}
      {!adding && <ApiErrorMessage error={update.error} />}
      {rows.length === 0 ? (
        <EmptyState title={p.emptyTitle}>{p.emptyBody}</EmptyState>
      ) : (
        <div className={styles.scroll}>
          <Table aria-label={p.title}>
            <TableHeader>
              <TableRow>
                <TableHeaderCell>{p.api}</TableHeaderCell>
                <TableHeaderCell>{p.permission}</TableHeaderCell>
                <TableHeaderCell className={styles.secondary}>{p.description}</TableHeaderCell>
                <TableHeaderCell>{p.type}</TableHeaderCell>
                <TableHeaderCell>{p.status}</TableHeaderCell>
                {editable && <TableHeaderCell>{t.common.actions}</TableHeaderCell>}
              </TableRow>
            </TableHeader>
            <TableBody>
              {rows.map((row) => (
                <TableRow key={row.key}>
                  <TableCell>{row.api}</TableCell>
                  <TableCell className={styles.mono}>{row.name}</TableCell>
                  <TableCell className={styles.secondary}>{row.description}</TableCell>
                  <TableCell>{p.types[row.access.type]}</TableCell>
                  <TableCell>
                    <Badge appearance="tint" color={row.granted ? 'success' : 'warning'}>
                      {row.granted ? p.granted : p.notGranted}
                    </Badge>
                  </TableCell>
                  {editable && (
                    <TableCell>
                      <Button
                        appearance="subtle"
                        icon={<DeleteRegular />}
                        aria-label={format(p.remove, { name: row.name })}
                        onClick={() => setRemoving(row)}
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
        open={removing !== null}
        title={format(p.removeTitle, { name: removing?.name ?? '' })}
        confirmLabel={t.common.remove}
        onConfirm={() => (removing ? removePermission(removing) : Promise.resolve())}
        onClose={() => setRemoving(null)}
      >
        {p.removeBody}
      </ConfirmDialog>
      <ConfirmDialog
        open={revoking}
        title={p.revokeTitle}
        confirmLabel={p.revokeConsent}
        onConfirm={revoke}
        onClose={() => setRevoking(false)}
      >
        {p.revokeBody}
      </ConfirmDialog>
    </section>
  );
}

/** Pick an API of the tenant, then its scopes and app roles; merged into requiredResourceAccess. */
function AddPermission({
  principals,
  current,
  pending,
  error,
  onCancel,
  onSave,
}: {
  principals: ServicePrincipal[];
  current: RequiredResourceAccess[];
  pending: boolean;
  error: unknown;
  onCancel: () => void;
  onSave: (list: RequiredResourceAccess[]) => unknown;
}) {
  const t = useStrings();
  const p = t.apps.permissions;
  const styles = useTableStyles();
  const apis = principals.filter(
    (sp) =>
      sp.oauth2PermissionScopes.some((s) => s.isEnabled) ||
      sp.appRoles.some((r) => r.isEnabled && r.allowedMemberTypes.includes('Application')),
  );
  const [apiId, setApiId] = useState<string>('');
  const [picked, setPicked] = useState<string[]>([]);
  const sp = apis.find((candidate) => candidate.id === apiId);
  const existing = current.find((r) => r.resourceAppId === sp?.appId)?.resourceAccess ?? [];
  const has = (type: 'Scope' | 'Role', id: string) => existing.some((a) => a.type === type && a.id === id);
  const key = (type: 'Scope' | 'Role', id: string) => `${type}:${id}`;
  const toggle = (k: string, on: boolean) =>
    setPicked((list) => (on ? [...list.filter((x) => x !== k), k] : list.filter((x) => x !== k)));
  const save = () => {
    if (!sp) return;
    const added = picked.map((k) => {
      const [type, id] = k.split(':') as ['Scope' | 'Role', string];
      return { id, type };
    });
    const merged = { resourceAppId: sp.appId, resourceAccess: [...existing, ...added] };
    const others = current.filter((r) => r.resourceAppId !== sp.appId);
    onSave([...others, merged]);
  };
  const option = (type: 'Scope' | 'Role', id: string, value: string, label: string) => (
    <Checkbox
      key={id}
      checked={has(type, id) || picked.includes(key(type, id))}
      disabled={has(type, id)}
      label={`${value} — ${label}`}
      onChange={(_event, data) => toggle(key(type, id), data.checked === true)}
    />
  );
  const scopes = sp?.oauth2PermissionScopes.filter((s) => s.isEnabled) ?? [];
  const roles = sp?.appRoles.filter((r) => r.isEnabled && r.allowedMemberTypes.includes('Application')) ?? [];
  return (
    <form
      className={styles.form}
      aria-label={p.add}
      onSubmit={(event) => {
        event.preventDefault();
        save();
      }}
    >
      {apis.length === 0 ? (
        <Text>{p.noApis}</Text>
      ) : (
        <Field label={p.chooseApi}>
          <Dropdown
            placeholder={p.chooseApiPlaceholder}
            value={sp?.displayName ?? ''}
            selectedOptions={apiId ? [apiId] : []}
            onOptionSelect={(_event, data) => {
              setApiId(data.optionValue ?? '');
              setPicked([]);
            }}
          >
            {apis.map((candidate) => (
              <Option key={candidate.id} value={candidate.id}>
                {candidate.displayName}
              </Option>
            ))}
          </Dropdown>
        </Field>
      )}
      {sp && scopes.length > 0 && (
        <fieldset className={`${styles.form} ${styles.fieldset}`}>
          <legend className={styles.legend}>{p.delegated}</legend>
          {scopes.map((s) => option('Scope', s.id, s.value, s.adminConsentDisplayName))}
        </fieldset>
      )}
      {sp && roles.length > 0 && (
        <fieldset className={`${styles.form} ${styles.fieldset}`}>
          <legend className={styles.legend}>{p.application}</legend>
          {roles.map((r) => option('Role', r.id, r.value, r.displayName))}
        </fieldset>
      )}
      {fieldError(error, 'requiredResourceAccess') ? (
        <Text role="alert" className={styles.error}>
          {fieldError(error, 'requiredResourceAccess')}
        </Text>
      ) : (
        <ApiErrorMessage error={error} />
      )}
      <div className={styles.actions}>
        <Button type="submit" appearance="primary" disabled={pending || !sp || picked.length === 0}>
          {p.addSelected}
        </Button>
        <Button onClick={onCancel}>{t.common.cancel}</Button>
      </div>
    </form>
  );
}
