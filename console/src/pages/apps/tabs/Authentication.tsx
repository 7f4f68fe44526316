import { Button, Field, Input, Switch, Text } from '@fluentui/react-components';
import { useState } from 'react';
import { useCan } from '../../../api/access';
import { ApiErrorMessage, fieldError, isFieldError } from '../../../components/ApiErrorMessage';
import { format, useStrings } from '../../../strings';
import { useAppContext } from '../AppPage';
import { ACTIONS, useUpdateApplication } from '../api';
import { useTableStyles } from '../shared';
import { UriList } from '../UriList';

const FIELDS = [
  'web.redirectUris',
  'spa.redirectUris',
  'publicClient.redirectUris',
  'web.logoutUrl',
  'web.backchannelLogoutUrl',
];

/** Authentication: redirect URIs per platform, logout URLs, MFA and public client flows. */
export function AuthenticationTab() {
  const t = useStrings();
  const styles = useTableStyles();
  const can = useCan();
  const { tenantId, app } = useAppContext();
  const update = useUpdateApplication(tenantId, app.id);
  const [web, setWeb] = useState(app.web);
  const [spa, setSpa] = useState(app.spa.redirectUris);
  const [native, setNative] = useState(app.publicClient.redirectUris);
  const [requireMfa, setRequireMfa] = useState(app.requireMfa);
  const [publicFlows, setPublicFlows] = useState(app.isFallbackPublicClient);
  const editable = can(ACTIONS.update, tenantId);
  const a = t.apps.auth;
  const platforms = [
    {
      key: 'web',
      label: t.apps.platforms.web,
      values: web.redirectUris,
      set: (v: string[]) => setWeb({ ...web, redirectUris: v }),
    },
    { key: 'spa', label: t.apps.platforms.spa, values: spa, set: setSpa },
    { key: 'publicClient', label: t.apps.platforms.publicClient, values: native, set: setNative },
  ];
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        update.mutate({
          web: {
            redirectUris: web.redirectUris,
            logoutUrl: web.logoutUrl?.trim() || null,
            backchannelLogoutUrl: web.backchannelLogoutUrl?.trim() || null,
          },
          spa: { redirectUris: spa },
          publicClient: { redirectUris: native },
          requireMfa,
          isFallbackPublicClient: publicFlows,
        });
      }}
    >
      <Text as="p">{a.intro}</Text>
      {platforms.map((platform) => (
        <section key={platform.key} className={styles.section} aria-labelledby={`platform-${platform.key}`}>
          <Text as="h2" size={500} weight="semibold" id={`platform-${platform.key}`}>
            {platform.label}
          </Text>
          <UriList
            values={platform.values}
            onChange={platform.set}
            editable={editable}
            addLabel={format(a.newUri, { platform: platform.label })}
            removeLabel={a.removeUri}
            empty={a.noUris}
            error={fieldError(update.error, `${platform.key}.redirectUris`)}
          />
          {platform.key === 'web' && (
            <>
              <Field
                label={a.logoutUrl}
                hint={a.logoutUrlHint}
                validationMessage={fieldError(update.error, 'web.logoutUrl')}
              >
                <Input
                  type="url"
                  readOnly={!editable}
                  value={web.logoutUrl ?? ''}
                  onChange={(_event, data) => setWeb({ ...web, logoutUrl: data.value })}
                />
              </Field>
              <Field
                label={a.backchannelLogoutUrl}
                hint={a.backchannelLogoutUrlHint}
                validationMessage={fieldError(update.error, 'web.backchannelLogoutUrl')}
              >
                <Input
                  type="url"
                  readOnly={!editable}
                  value={web.backchannelLogoutUrl ?? ''}
                  onChange={(_event, data) => setWeb({ ...web, backchannelLogoutUrl: data.value })}
                />
              </Field>
            </>
          )}
        </section>
      ))}
      <section className={styles.section} aria-labelledby="auth-settings">
        <Text as="h2" size={500} weight="semibold" id="auth-settings">
          {a.settings}
        </Text>
        <Switch
          checked={requireMfa}
          disabled={!editable}
          label={a.requireMfa}
          onChange={(_event, data) => setRequireMfa(data.checked)}
        />
        <Switch
          checked={publicFlows}
          disabled={!editable}
          label={a.publicFlows}
          onChange={(_event, data) => setPublicFlows(data.checked)}
        />
        {!isFieldError(update.error, FIELDS) && <ApiErrorMessage error={update.error} />}
        {editable && (
          <div className={styles.actions}>
            <Button type="submit" appearance="primary" disabled={update.isPending}>
              {update.isSuccess && !update.isPending ? t.common.saved : t.common.save}
            </Button>
          </div>
        )}
      </section>
    </form>
  );
}
