import { Button, Field, Input, makeStyles, Text, tokens } from '@fluentui/react-components';
import { ArrowResetRegular, SaveRegular } from '@fluentui/react-icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { useParams } from 'react-router';
import { useApi } from '../../api/ApiProvider';
import { useCan } from '../../api/access';
import { ApiError, unwrap } from '../../api/client';
import { ApiErrorMessage } from '../../components/ApiErrorMessage';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { EmptyState } from '../../components/EmptyState';
import { Loading } from '../../components/Loading';
import { format, useStrings } from '../../strings';
import {
  ACTIONS,
  type DirectorySetting,
  type DirectorySettingTemplate,
  LOCKOUT_VALUES,
  PASSWORD_RULE_SETTINGS,
} from './model';
import { Notice, SectionIntro } from './shared';

const useStyles = makeStyles({
  form: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    maxWidth: '480px',
  },
  buttons: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
});

type Name = keyof typeof LOCKOUT_VALUES;
const NAMES = Object.keys(LOCKOUT_VALUES) as Name[];

/** The value of a setting by name, or the template's default. */
const storedValue = (setting: DirectorySetting | undefined, template: DirectorySettingTemplate, name: Name) =>
  setting?.values.find((v) => v.name === name)?.value ??
  template.values.find((v) => v.name === name)?.defaultValue ??
  '';

/** Smart lockout: the tenant's Password Rule Settings (threshold and first lockout's length). */
export function SmartLockout() {
  const t = useStrings();
  const ip = t.identityProtection;
  const s = ip.lockout;
  const styles = useStyles();
  const api = useApi();
  const queryClient = useQueryClient();
  const { tenantId = '' } = useParams();
  const can = useCan();
  const canRead = can(ACTIONS.passwordPoliciesRead, tenantId);
  const canUpdate = can(ACTIONS.passwordPoliciesUpdate, tenantId);
  const key = [tenantId, 'directorySettings'];
  const settings = useQuery({
    queryKey: key,
    enabled: canRead,
    queryFn: () =>
      unwrap<{ value: DirectorySetting[] }>(
        api.GET('/api/v1/tenants/{tenantId}/settings', { params: { path: { tenantId } } }),
      ),
  });
  const template = useQuery({
    queryKey: [tenantId, 'directorySettingTemplates', PASSWORD_RULE_SETTINGS],
    enabled: canRead,
    queryFn: () =>
      unwrap<DirectorySettingTemplate>(
        api.GET('/api/v1/tenants/{tenantId}/directorySettingTemplates/{id}', {
          params: { path: { tenantId, id: PASSWORD_RULE_SETTINGS } },
        }),
      ),
  });
  const setting = settings.data?.value.find((one) => one.templateId === PASSWORD_RULE_SETTINGS);
  const [values, setValues] = useState<Record<Name, string>>({
    LockoutThreshold: '',
    LockoutDurationInSeconds: '',
  });
  const [notice, setNotice] = useState('');
  const [resetting, setResetting] = useState(false);

  // The form shows what is stored once it is read (and again after a save or reset).
  useEffect(() => {
    if (!template.data || !settings.data) return;
    const loaded = template.data;
    setValues({
      LockoutThreshold: storedValue(setting, loaded, 'LockoutThreshold'),
      LockoutDurationInSeconds: storedValue(setting, loaded, 'LockoutDurationInSeconds'),
    });
  }, [template.data, settings.data, setting]);

  const save = useMutation({
    mutationFn: () => {
      const body = NAMES.map((name) => ({ name, value: values[name].trim() }));
      return setting
        ? unwrap(
            api.PATCH('/api/v1/tenants/{tenantId}/settings/{id}', {
              params: { path: { tenantId, id: setting.id } },
              body: { values: body },
            }),
          )
        : unwrap(
            api.POST('/api/v1/tenants/{tenantId}/settings', {
              params: { path: { tenantId } },
              body: { templateId: PASSWORD_RULE_SETTINGS, values: body },
            }),
          );
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: key });
      setNotice(s.saved);
    },
  });
  const reset = useMutation({
    mutationFn: (id: string) =>
      unwrap(api.DELETE('/api/v1/tenants/{tenantId}/settings/{id}', { params: { path: { tenantId, id } } })),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: key });
      setNotice(s.resetDone);
    },
  });

  if (!canRead) return <EmptyState title={t.common.noAccess} />;
  const error = settings.error ?? template.error;
  if (settings.isPending || template.isPending)
    return error ? <ApiErrorMessage error={error} /> : <Loading />;
  if (!template.data) return <ApiErrorMessage error={error} />;

  const range = (name: Name) => LOCKOUT_VALUES[name];
  const invalid = (name: Name) => {
    const text = values[name].trim();
    const { min, max } = range(name);
    return !/^\d+$/.test(text) || Number(text) < min || Number(text) > max;
  };
  // The API names a wrong value by its index in `values`.
  const apiError = (name: Name) =>
    save.error instanceof ApiError && save.error.target === `values.${NAMES.indexOf(name)}`
      ? save.error.message
      : undefined;
  const messageOf = (name: Name) => (invalid(name) ? format(s.outOfRange, range(name)) : apiError(name));
  const hint = (name: Name) =>
    format(name === 'LockoutThreshold' ? s.thresholdHint : s.durationHint, {
      value: template.data.values.find((v) => v.name === name)?.defaultValue ?? '',
    });
  const fieldErrors = NAMES.some((name) => apiError(name) !== undefined);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setNotice('');
    if (NAMES.some(invalid)) return;
    save.mutate();
  };

  return (
    <>
      <SectionIntro title={ip.sections.smartLockout}>{s.intro}</SectionIntro>
      <Notice>{notice}</Notice>
      <form className={styles.form} aria-label={s.formLabel} onSubmit={submit} noValidate>
        <Text>{setting ? s.customised : s.usingDefaults}</Text>
        {NAMES.map((name) => (
          <Field
            key={name}
            label={name === 'LockoutThreshold' ? s.threshold : s.duration}
            hint={hint(name)}
            validationMessage={messageOf(name)}
            required
          >
            <Input
              type="number"
              inputMode="numeric"
              min={range(name).min}
              max={range(name).max}
              value={values[name]}
              readOnly={!canUpdate}
              onChange={(_event, d) => setValues((current) => ({ ...current, [name]: d.value }))}
            />
          </Field>
        ))}
        {!fieldErrors && <ApiErrorMessage error={save.error} />}
        {!canUpdate ? (
          <Text>{t.common.readOnly}</Text>
        ) : (
          <div className={styles.buttons}>
            <Button type="submit" appearance="primary" icon={<SaveRegular />} disabled={save.isPending}>
              {t.common.save}
            </Button>
            {setting && (
              <Button type="button" icon={<ArrowResetRegular />} onClick={() => setResetting(true)}>
                {s.reset}
              </Button>
            )}
          </div>
        )}
      </form>
      <ConfirmDialog
        open={resetting}
        title={s.resetTitle}
        confirmLabel={s.reset}
        onConfirm={() => (setting ? reset.mutateAsync(setting.id) : Promise.resolve())}
        onClose={() => setResetting(false)}
      >
        {s.resetBody}
      </ConfirmDialog>
    </>
  );
}
