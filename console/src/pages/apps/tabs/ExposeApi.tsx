import {
  Badge,
  Button,
  Checkbox,
  Dropdown,
  Field,
  Input,
  Option,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  Textarea,
} from '@fluentui/react-components';
import { AddRegular, DeleteRegular } from '@fluentui/react-icons';
import { type ReactNode, useState } from 'react';
import { useCan } from '../../../api/access';
import { ApiErrorMessage, fieldError, isFieldError } from '../../../components/ApiErrorMessage';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { EmptyState } from '../../../components/EmptyState';
import { format, useStrings } from '../../../strings';
import { useAppContext } from '../AppPage';
import { ACTIONS, useUpdateApplication } from '../api';
import type { AppRole, PermissionScope } from '../model';
import { useTableStyles } from '../shared';
import { UriList } from '../UriList';

type Entitlement = { id: string; value: string; isEnabled: boolean; name: string };

/** Expose an API: the application ID URI, the scopes (delegated permissions) and the app roles. */
export function ExposeApiTab() {
  const t = useStrings();
  const e = t.apps.expose;
  const styles = useTableStyles();
  const can = useCan();
  const { tenantId, app } = useAppContext();
  const editable = can(ACTIONS.update, tenantId);
  const uris = useUpdateApplication(tenantId, app.id);
  const scopes = useUpdateApplication(tenantId, app.id);
  const roles = useUpdateApplication(tenantId, app.id);
  const defaultUri = `api://${app.appId}`;
  const saveScopes = (list: PermissionScope[]) =>
    scopes.mutateAsync({ api: { oauth2PermissionScopes: list } });
  const saveRoles = (list: AppRole[]) => roles.mutateAsync({ appRoles: list });
  return (
    <>
      <section className={styles.section} aria-labelledby="identifier-uris">
        <Text as="h2" size={500} weight="semibold" id="identifier-uris">
          {e.identifierUris}
        </Text>
        <Text>{e.identifierUrisIntro}</Text>
        <UriList
          values={app.identifierUris}
          onChange={(values) => uris.mutateAsync({ identifierUris: values })}
          editable={editable}
          addLabel={e.newIdentifierUri}
          removeLabel={e.removeIdentifierUri}
          empty={e.noIdentifierUris}
          error={fieldError(uris.error, 'identifierUris')}
          placeholder={defaultUri}
        />
        {editable && !app.identifierUris.includes(defaultUri) && (
          <div className={styles.actions}>
            <Button
              icon={<AddRegular />}
              disabled={uris.isPending}
              onClick={() => uris.mutate({ identifierUris: [...app.identifierUris, defaultUri] })}
            >
              {format(e.setDefault, { uri: defaultUri })}
            </Button>
          </div>
        )}
        {!fieldError(uris.error, 'identifierUris') && <ApiErrorMessage error={uris.error} />}
      </section>
      <EntitlementSection
        id="scopes"
        title={e.scopes}
        intro={e.scopesIntro}
        addLabel={e.addScope}
        emptyTitle={e.noScopesTitle}
        empty={e.noScopes}
        editable={editable}
        error={scopes.error}
        columns={[e.scopeValue, e.scopeDisplayName, e.scopeType]}
        entries={app.api.oauth2PermissionScopes.map((scope) => ({
          entry: { id: scope.id, value: scope.value, isEnabled: scope.isEnabled, name: scope.value },
          cells: [scope.value, scope.adminConsentDisplayName, e.scopeTypes[scope.type]],
        }))}
        onToggle={(id, isEnabled) =>
          saveScopes(
            app.api.oauth2PermissionScopes.map((scope) =>
              scope.id === id ? { ...scope, isEnabled } : scope,
            ),
          )
        }
        onRemove={(id) => saveScopes(app.api.oauth2PermissionScopes.filter((scope) => scope.id !== id))}
        form={(close) => (
          <ScopeForm
            index={app.api.oauth2PermissionScopes.length}
            onSave={(scope) => saveScopes([...app.api.oauth2PermissionScopes, scope]).then(close)}
            onCancel={close}
            error={scopes.error}
            pending={scopes.isPending}
          />
        )}
      />
      <EntitlementSection
        id="app-roles"
        title={e.appRoles}
        intro={e.appRolesIntro}
        addLabel={e.addAppRole}
        emptyTitle={e.noAppRolesTitle}
        empty={e.noAppRoles}
        editable={editable}
        error={roles.error}
        columns={[e.roleValue, e.roleDisplayName, e.memberTypes]}
        entries={app.appRoles.map((role) => ({
          entry: { id: role.id, value: role.value, isEnabled: role.isEnabled, name: role.displayName },
          cells: [
            role.value,
            role.displayName,
            role.allowedMemberTypes.map((type) => e.memberTypeNames[type]).join(', '),
          ],
        }))}
        onToggle={(id, isEnabled) =>
          saveRoles(app.appRoles.map((role) => (role.id === id ? { ...role, isEnabled } : role)))
        }
        onRemove={(id) => saveRoles(app.appRoles.filter((role) => role.id !== id))}
        form={(close) => (
          <RoleForm
            index={app.appRoles.length}
            onSave={(role) => saveRoles([...app.appRoles, role]).then(close)}
            onCancel={close}
            error={roles.error}
            pending={roles.isPending}
          />
        )}
      />
    </>
  );
}

/** A table of scopes or app roles: enable/disable, remove (disabled ones only), and an add form. */
function EntitlementSection({
  id,
  title,
  intro,
  addLabel,
  emptyTitle,
  empty,
  editable,
  error,
  columns,
  entries,
  onToggle,
  onRemove,
  form,
}: {
  id: string;
  title: string;
  intro: string;
  addLabel: string;
  emptyTitle: string;
  empty: string;
  editable: boolean;
  error: unknown;
  columns: string[];
  entries: { entry: Entitlement; cells: string[] }[];
  onToggle: (id: string, isEnabled: boolean) => Promise<unknown>;
  onRemove: (id: string) => Promise<unknown>;
  form: (close: () => void) => ReactNode;
}) {
  const t = useStrings();
  const e = t.apps.expose;
  const styles = useTableStyles();
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<Entitlement | null>(null);
  const [busy, setBusy] = useState(false);
  const toggle = (entry: Entitlement) => {
    setBusy(true);
    onToggle(entry.id, !entry.isEnabled)
      .catch(() => undefined)
      .finally(() => setBusy(false));
  };
  return (
    <section className={styles.section} aria-labelledby={id}>
      <Text as="h2" size={500} weight="semibold" id={id}>
        {title}
      </Text>
      <Text>{intro}</Text>
      {editable && !adding && (
        <div className={styles.actions}>
          <Button icon={<AddRegular />} onClick={() => setAdding(true)}>
            {addLabel}
          </Button>
        </div>
      )}
      {editable && adding && form(() => setAdding(false))}
      {!adding && <ApiErrorMessage error={error} />}
      {entries.length === 0 ? (
        <EmptyState title={emptyTitle}>{empty}</EmptyState>
      ) : (
        <>
          {editable && entries.some(({ entry }) => entry.isEnabled) && <Text>{e.removeDisabledOnly}</Text>}
          <div className={styles.scroll}>
            <Table aria-label={title}>
              <TableHeader>
                <TableRow>
                  {columns.map((column, index) => (
                    <TableHeaderCell key={column} className={index === 2 ? styles.secondary : undefined}>
                      {column}
                    </TableHeaderCell>
                  ))}
                  <TableHeaderCell>{e.state}</TableHeaderCell>
                  {editable && <TableHeaderCell>{t.common.actions}</TableHeaderCell>}
                </TableRow>
              </TableHeader>
              <TableBody>
                {entries.map(({ entry, cells }) => (
                  <TableRow key={entry.id}>
                    {cells.map((cell, index) => (
                      // biome-ignore lint/suspicious/noArrayIndexKey: cells are positional
                      <TableCell key={index} className={[styles.mono, undefined, styles.secondary][index]}>
                        {cell}
                      </TableCell>
                    ))}
                    <TableCell>
                      <Badge appearance="tint" color={entry.isEnabled ? 'success' : 'subtle'}>
                        {entry.isEnabled ? t.common.enabled : t.common.disabled}
                      </Badge>
                    </TableCell>
                    {editable && (
                      <TableCell>
                        <div className={styles.actions}>
                          <Button
                            size="small"
                            disabled={busy}
                            aria-label={format(entry.isEnabled ? e.disable : e.enable, { name: entry.name })}
                            onClick={() => toggle(entry)}
                          >
                            {entry.isEnabled ? e.disableShort : e.enableShort}
                          </Button>
                          {!entry.isEnabled && (
                            <Button
                              size="small"
                              appearance="subtle"
                              icon={<DeleteRegular />}
                              aria-label={format(e.remove, { name: entry.name })}
                              onClick={() => setRemoving(entry)}
                            />
                          )}
                        </div>
                      </TableCell>
                    )}
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
        </>
      )}
      <ConfirmDialog
        open={removing !== null}
        title={format(e.removeTitle, { name: removing?.name ?? '' })}
        confirmLabel={t.common.remove}
        onConfirm={() => onRemove(removing?.id ?? '')}
        onClose={() => setRemoving(null)}
      >
        {e.removeBody}
      </ConfirmDialog>
    </section>
  );
}

function FormButtons({ pending, onCancel }: { pending: boolean; onCancel: () => void }) {
  const t = useStrings();
  const styles = useTableStyles();
  return (
    <div className={styles.actions}>
      <Button type="submit" appearance="primary" disabled={pending}>
        {t.common.add}
      </Button>
      <Button onClick={onCancel}>{t.common.cancel}</Button>
    </div>
  );
}

/** A new scope (a delegated permission). `index` is its place in the list, for the API's targets. */
function ScopeForm({
  index,
  onSave,
  onCancel,
  error,
  pending,
}: {
  index: number;
  onSave: (scope: PermissionScope) => Promise<unknown>;
  onCancel: () => void;
  error: unknown;
  pending: boolean;
}) {
  const t = useStrings();
  const e = t.apps.expose;
  const styles = useTableStyles();
  const [value, setValue] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [description, setDescription] = useState('');
  const [type, setType] = useState<'Admin' | 'User'>('User');
  const [isEnabled, setIsEnabled] = useState(true);
  const target = (field: string) => `api.oauth2PermissionScopes.${index}.${field}`;
  const fields = ['value', 'adminConsentDisplayName', 'adminConsentDescription', 'type'].map(target);
  return (
    <form
      className={styles.form}
      aria-label={e.addScope}
      onSubmit={(event) => {
        event.preventDefault();
        onSave({
          id: crypto.randomUUID(),
          value: value.trim(),
          adminConsentDisplayName: displayName.trim(),
          ...(description.trim() && { adminConsentDescription: description.trim() }),
          type,
          isEnabled,
        }).catch(() => undefined);
      }}
    >
      <Field
        label={e.scopeValue}
        hint={e.scopeValueHint}
        required
        validationMessage={fieldError(error, target('value'))}
      >
        <Input value={value} onChange={(_event, data) => setValue(data.value)} />
      </Field>
      <Field label={e.scopeType}>
        <Dropdown
          value={e.scopeTypes[type]}
          selectedOptions={[type]}
          onOptionSelect={(_event, data) => setType(data.optionValue as 'Admin' | 'User')}
        >
          <Option value="User">{e.scopeTypes.User}</Option>
          <Option value="Admin">{e.scopeTypes.Admin}</Option>
        </Dropdown>
      </Field>
      <Field
        label={e.scopeDisplayName}
        required
        validationMessage={fieldError(error, target('adminConsentDisplayName'))}
      >
        <Input value={displayName} onChange={(_event, data) => setDisplayName(data.value)} />
      </Field>
      <Field
        label={e.scopeDescription}
        validationMessage={fieldError(error, target('adminConsentDescription'))}
      >
        <Textarea value={description} onChange={(_event, data) => setDescription(data.value)} />
      </Field>
      <Checkbox
        checked={isEnabled}
        label={t.common.enabled}
        onChange={(_event, data) => setIsEnabled(data.checked === true)}
      />
      {!isFieldError(error, fields) && <ApiErrorMessage error={error} />}
      <FormButtons pending={pending} onCancel={onCancel} />
    </form>
  );
}

/** A new app role. */
function RoleForm({
  index,
  onSave,
  onCancel,
  error,
  pending,
}: {
  index: number;
  onSave: (role: AppRole) => Promise<unknown>;
  onCancel: () => void;
  error: unknown;
  pending: boolean;
}) {
  const t = useStrings();
  const e = t.apps.expose;
  const styles = useTableStyles();
  const [displayName, setDisplayName] = useState('');
  const [value, setValue] = useState('');
  const [description, setDescription] = useState('');
  const [members, setMembers] = useState<('User' | 'Application')[]>(['User']);
  const [isEnabled, setIsEnabled] = useState(true);
  const target = (field: string) => `appRoles.${index}.${field}`;
  const fields = ['displayName', 'value', 'description', 'allowedMemberTypes'].map(target);
  const toggleMember = (type: 'User' | 'Application', on: boolean) =>
    setMembers((current) =>
      on ? [...current.filter((m) => m !== type), type] : current.filter((m) => m !== type),
    );
  return (
    <form
      className={styles.form}
      aria-label={e.addAppRole}
      onSubmit={(event) => {
        event.preventDefault();
        onSave({
          id: crypto.randomUUID(),
          displayName: displayName.trim(),
          value: value.trim(),
          description: description.trim() || null,
          allowedMemberTypes: members,
          isEnabled,
          origin: 'Application',
        }).catch(() => undefined);
      }}
    >
      <Field label={e.roleDisplayName} required validationMessage={fieldError(error, target('displayName'))}>
        <Input value={displayName} onChange={(_event, data) => setDisplayName(data.value)} />
      </Field>
      <fieldset className={`${styles.form} ${styles.fieldset}`}>
        <legend className={styles.legend}>{e.memberTypes}</legend>
        <div className={styles.row}>
          {(['User', 'Application'] as const).map((type) => (
            <Checkbox
              key={type}
              checked={members.includes(type)}
              label={e.memberTypeNames[type]}
              onChange={(_event, data) => toggleMember(type, data.checked === true)}
            />
          ))}
        </div>
        {fieldError(error, target('allowedMemberTypes')) && (
          <Text role="alert" className={styles.error}>
            {fieldError(error, target('allowedMemberTypes'))}
          </Text>
        )}
      </fieldset>
      <Field
        label={e.roleValue}
        hint={e.roleValueHint}
        required
        validationMessage={fieldError(error, target('value'))}
      >
        <Input value={value} onChange={(_event, data) => setValue(data.value)} />
      </Field>
      <Field label={e.roleDescription} validationMessage={fieldError(error, target('description'))}>
        <Textarea value={description} onChange={(_event, data) => setDescription(data.value)} />
      </Field>
      <Checkbox
        checked={isEnabled}
        label={t.common.enabled}
        onChange={(_event, data) => setIsEnabled(data.checked === true)}
      />
      {!isFieldError(error, fields) && <ApiErrorMessage error={error} />}
      <FormButtons pending={pending} onCancel={onCancel} />
    </form>
  );
}
