import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Dropdown,
  Field,
  Option,
  Radio,
  RadioGroup,
  SearchBox,
  Text,
} from '@fluentui/react-components';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useApi } from '../../api/ApiProvider';
import { ADMIN_TENANT_ID, useCan } from '../../api/access';
import { unwrap } from '../../api/client';
import { useTenants } from '../../api/tenants';
import { ApiErrorMessage, fieldError, isFieldError } from '../../components/ApiErrorMessage';
import { format, useStrings } from '../../strings';
import { MANAGE_ASSIGNMENTS, ROLES_KEY, useServicePrincipals, useUserSearch } from './api';
import { ROOT_SCOPE, type RoleAssignment, type RoleDefinition, tenantScope } from './model';
import { useRoleStyles } from './styles';

const FIELDS = ['principalId', 'directoryScopeId'];

/**
 * Assigns the role to a user or an app (service principal) of the admin tenant, at every tenant
 * ('/') or one tenant; the scopes offered are those the admin may assign at.
 */
export function AddAssignmentDialog({ role, onClose }: { role: RoleDefinition; onClose: () => void }) {
  const t = useStrings();
  const styles = useRoleStyles();
  const api = useApi();
  const can = useCan();
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<'user' | 'app'>('user');
  const [userText, setUserText] = useState('');
  const [userId, setUserId] = useState<string | undefined>();
  const [appId, setAppId] = useState<string | undefined>();
  const rootAllowed = can(MANAGE_ASSIGNMENTS);
  const [scopeKind, setScopeKind] = useState<'all' | 'one'>(rootAllowed ? 'all' : 'one');
  const [tenantId, setTenantId] = useState<string | undefined>();
  const [tried, setTried] = useState(false);
  const users = useUserSearch(userText);
  const apps = useServicePrincipals(kind === 'app');
  const { data: tenants } = useTenants();
  const tenantChoices = (tenants?.value ?? []).filter(
    (tenant) => tenant.id !== ADMIN_TENANT_ID && can(MANAGE_ASSIGNMENTS, tenant.id),
  );
  const principalId = kind === 'user' ? userId : appId;
  const scope = scopeKind === 'all' ? ROOT_SCOPE : tenantId && tenantScope(tenantId);

  const save = useMutation({
    mutationFn: () =>
      unwrap<RoleAssignment>(
        api.POST('/api/v1/roleManagement/directory/roleAssignments', {
          body: {
            principalId: principalId ?? '',
            roleDefinitionId: role.id,
            directoryScopeId: scope || '',
          },
        }),
      ),
    onSuccess: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: [...ROLES_KEY, 'assignments'] }),
        queryClient.invalidateQueries({ queryKey: ['me'] }),
      ]);
      onClose();
    },
  });

  const principalMessage =
    fieldError(save.error, 'principalId') ?? (tried && !principalId ? t.roles.choosePrincipal : undefined);
  const scopeMessage =
    fieldError(save.error, 'directoryScopeId') ?? (tried && !scope ? t.roles.chooseTenant : undefined);
  const selectedApp = apps.data?.value.find((sp) => sp.id === appId);

  return (
    <Dialog open onOpenChange={(_event, data) => !data.open && onClose()}>
      <DialogSurface>
        <form
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            setTried(true);
            if (principalId && scope) save.mutate();
          }}
        >
          <DialogBody>
            <DialogTitle>{format(t.roles.addTitle, { role: role.displayName })}</DialogTitle>
            <DialogContent className={styles.form}>
              <Text as="p" block>
                {t.roles.addIntro}
              </Text>
              <Field label={t.roles.principalKind}>
                <RadioGroup
                  layout="horizontal"
                  value={kind}
                  onChange={(_event, data) => setKind(data.value === 'app' ? 'app' : 'user')}
                >
                  <Radio value="user" label={t.roles.kindUser} />
                  <Radio value="app" label={t.roles.kindApp} />
                </RadioGroup>
              </Field>
              {kind === 'user' ? (
                <>
                  <Field
                    label={t.roles.userLabel}
                    hint={t.roles.userHint}
                    required
                    validationMessage={principalMessage}
                  >
                    <SearchBox
                      value={userText}
                      placeholder={t.roles.userPlaceholder}
                      onChange={(_event, data) => {
                        setUserText(data.value);
                        setUserId(undefined);
                      }}
                    />
                  </Field>
                  {userText.trim() && (
                    <Field label={t.roles.matchingUsers}>
                      {users.isFetching && !users.data ? (
                        <Text>{t.roles.searching}</Text>
                      ) : (users.data ?? []).length === 0 ? (
                        <Text>{t.roles.noUsersMatch}</Text>
                      ) : (
                        <RadioGroup value={userId ?? ''} onChange={(_event, data) => setUserId(data.value)}>
                          {(users.data ?? []).map((user) => (
                            <Radio
                              key={user.id}
                              value={user.id}
                              label={user.mail ? `${user.displayName} (${user.mail})` : user.displayName}
                            />
                          ))}
                        </RadioGroup>
                      )}
                    </Field>
                  )}
                </>
              ) : (
                <Field label={t.roles.appLabel} required validationMessage={principalMessage}>
                  <Dropdown
                    placeholder={t.roles.appPlaceholder}
                    value={
                      selectedApp
                        ? format(t.roles.appOption, {
                            name: selectedApp.displayName,
                            appId: selectedApp.appId,
                          })
                        : ''
                    }
                    selectedOptions={appId ? [appId] : []}
                    onOptionSelect={(_event, data) => setAppId(data.optionValue)}
                  >
                    {(apps.data?.value ?? []).map((sp) => {
                      const text = format(t.roles.appOption, { name: sp.displayName, appId: sp.appId });
                      return (
                        <Option key={sp.id} value={sp.id} text={text}>
                          {text}
                        </Option>
                      );
                    })}
                  </Dropdown>
                </Field>
              )}
              <Field
                label={t.roles.scopeLabel}
                validationMessage={scopeKind === 'all' ? scopeMessage : undefined}
              >
                <RadioGroup
                  value={scopeKind}
                  onChange={(_event, data) => setScopeKind(data.value === 'one' ? 'one' : 'all')}
                >
                  <Radio value="all" label={t.roles.scopeAllOption} disabled={!rootAllowed} />
                  <Radio value="one" label={t.roles.scopeOneOption} disabled={tenantChoices.length === 0} />
                </RadioGroup>
              </Field>
              {scopeKind === 'one' && (
                <Field
                  label={t.roles.tenantLabel}
                  hint={t.roles.tenantHint}
                  required
                  validationMessage={scopeMessage}
                >
                  <Dropdown
                    placeholder={t.roles.tenantPlaceholder}
                    value={(() => {
                      const tenant = tenantChoices.find((item) => item.id === tenantId);
                      return tenant
                        ? format(t.roles.scopeTenant, { name: tenant.displayName, id: tenant.id })
                        : '';
                    })()}
                    selectedOptions={tenantId ? [tenantId] : []}
                    onOptionSelect={(_event, data) => setTenantId(data.optionValue)}
                  >
                    {tenantChoices.map((tenant) => {
                      const text = format(t.roles.scopeTenant, { name: tenant.displayName, id: tenant.id });
                      return (
                        <Option key={tenant.id} value={tenant.id} text={text}>
                          {text}
                        </Option>
                      );
                    })}
                  </Dropdown>
                </Field>
              )}
              {!isFieldError(save.error, FIELDS) && <ApiErrorMessage error={save.error} />}
            </DialogContent>
            <DialogActions>
              <Button type="button" appearance="secondary" onClick={onClose}>
                {t.common.cancel}
              </Button>
              <Button type="submit" appearance="primary" disabled={save.isPending}>
                {t.roles.assign}
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
