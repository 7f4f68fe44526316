import { Button, Field, Input, Radio, RadioGroup, Switch, Text } from '@fluentui/react-components';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useApi } from '../../api/ApiProvider';
import { useCan } from '../../api/access';
import { unwrap } from '../../api/client';
import { ApiErrorMessage, fieldError, isFieldError } from '../../components/ApiErrorMessage';
import { PageHeader } from '../../components/PageHeader';
import { useStrings } from '../../strings';
import { ACTIONS, appsKey } from './api';
import type { Application, ApplicationCreate, Platform } from './model';
import { appsPath, useTableStyles } from './shared';

const PLATFORMS: Platform[] = ['web', 'spa', 'publicClient', 'daemon'];

/** The body of POST /applications for a platform: each platform's own redirect URIs. */
function registration(
  platform: Platform,
  displayName: string,
  uri: string,
  device: boolean,
): ApplicationCreate {
  const uris = uri.trim() ? [uri.trim()] : [];
  switch (platform) {
    case 'web':
      return { displayName, web: { redirectUris: uris } };
    case 'spa':
      return { displayName, spa: { redirectUris: uris } };
    case 'publicClient':
      return { displayName, publicClient: { redirectUris: uris }, isFallbackPublicClient: device };
    case 'daemon':
      return { displayName };
  }
}

/** /apps/new: a two-step wizard, the platform first, then the name and the redirect URI. */
export function NewRegistration() {
  const t = useStrings();
  const styles = useTableStyles();
  const { tenantId = '' } = useParams();
  const api = useApi();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const can = useCan();
  const [step, setStep] = useState<1 | 2>(1);
  const [platform, setPlatform] = useState<Platform>('web');
  const [name, setName] = useState('');
  const [uri, setUri] = useState('');
  const [device, setDevice] = useState(false);
  const create = useMutation({
    mutationFn: (body: ApplicationCreate) =>
      unwrap<Application>(
        api.POST('/api/v1/tenants/{tenantId}/applications', { params: { path: { tenantId } }, body }),
      ),
    onSuccess: async (app) => {
      await queryClient.invalidateQueries({ queryKey: appsKey(tenantId) });
      navigate(appsPath(tenantId, app.id, platform === 'daemon' ? 'secrets' : 'overview'), { replace: true });
    },
  });
  if (!can(ACTIONS.create, tenantId)) return <ApiErrorMessage error={t.common.noAccess} />;
  const uriField = platform === 'daemon' ? undefined : (`${platform}.redirectUris` as const);
  return (
    <>
      <PageHeader
        title={t.apps.wizard.title}
        subtitle={step === 1 ? t.apps.wizard.stepPlatform : t.apps.wizard.stepDetails}
      />
      {step === 1 ? (
        <form
          className={styles.form}
          onSubmit={(event) => {
            event.preventDefault();
            setStep(2);
          }}
        >
          <Field label={t.apps.wizard.platform}>
            <RadioGroup value={platform} onChange={(_event, data) => setPlatform(data.value as Platform)}>
              {PLATFORMS.map((value) => (
                <Radio
                  key={value}
                  value={value}
                  label={
                    <>
                      <Text weight="semibold">{t.apps.platforms[value]}</Text>
                      <br />
                      <Text size={200}>{t.apps.platformHelp[value]}</Text>
                    </>
                  }
                />
              ))}
            </RadioGroup>
          </Field>
          <div className={styles.actions}>
            <Button type="submit" appearance="primary">
              {t.common.next}
            </Button>
            <Button type="button" onClick={() => navigate(appsPath(tenantId))}>
              {t.common.cancel}
            </Button>
          </div>
        </form>
      ) : (
        <form
          className={styles.form}
          onSubmit={(event) => {
            event.preventDefault();
            create.mutate(registration(platform, name, uri, device));
          }}
        >
          <Text weight="semibold">{t.apps.platforms[platform]}</Text>
          <Field
            label={t.apps.wizard.name}
            hint={t.apps.wizard.nameHint}
            required
            validationMessage={fieldError(create.error, 'displayName')}
          >
            <Input value={name} onChange={(_event, data) => setName(data.value)} autoFocus />
          </Field>
          {platform === 'daemon' ? (
            <Text>{t.apps.wizard.daemonNote}</Text>
          ) : (
            <Field
              label={t.apps.wizard.redirectUri}
              hint={t.apps.wizard.redirectUriHint[platform]}
              required={platform !== 'publicClient'}
              validationMessage={uriField && fieldError(create.error, uriField)}
            >
              <Input type="url" value={uri} onChange={(_event, data) => setUri(data.value)} />
            </Field>
          )}
          {platform === 'publicClient' && (
            <Switch
              checked={device}
              label={t.apps.wizard.deviceCode}
              onChange={(_event, data) => setDevice(data.checked)}
            />
          )}
          {!isFieldError(create.error, ['displayName', ...(uriField ? [uriField] : [])]) && (
            <ApiErrorMessage error={create.error} />
          )}
          <div className={styles.actions}>
            <Button type="submit" appearance="primary" disabled={create.isPending}>
              {create.isPending ? t.apps.wizard.registering : t.apps.wizard.register}
            </Button>
            <Button type="button" onClick={() => setStep(1)}>
              {t.common.back}
            </Button>
          </div>
        </form>
      )}
    </>
  );
}
