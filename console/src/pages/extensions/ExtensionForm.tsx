import {
  Button,
  Field,
  Input,
  Radio,
  RadioGroup,
  Select,
  Switch,
  Text,
  Textarea,
} from '@fluentui/react-components';
import { AddRegular, DeleteRegular } from '@fluentui/react-icons';
import { fieldError } from '../../components/ApiErrorMessage';
import { format, useStrings } from '../../strings';
import {
  type Application,
  type AuthenticationEvent,
  type DraftProblem,
  type ExtensionDraft,
  resourceAppOf,
} from './model';
import { useStyles } from './shared';

/** The fields of the API's validation errors, by the form's field. */
export const API_FIELDS: Record<DraftProblem | 'behaviorOnError', string> = {
  displayName: 'displayName',
  targetUrl: 'endpointConfiguration.targetUrl',
  resourceId: 'authenticationConfiguration.resourceId',
  timeout: 'clientConfiguration',
  claims: 'claimsForTokenConfiguration',
  behaviorOnError: 'behaviorOnError',
};

/**
 * An extension's settings, in Entra's order: basics, endpoint, the API app its calls are
 * authenticated for, timeout and retries, then what only its event has (claims, fallback).
 */
export function ExtensionFields({
  event,
  draft,
  onChange,
  problems,
  error,
  apps,
  readOnly = false,
}: {
  event: AuthenticationEvent;
  draft: ExtensionDraft;
  onChange: (draft: ExtensionDraft) => void;
  /** The problems to show (after a first attempt to save). */
  problems: ReadonlySet<DraftProblem>;
  /** The API's answer to the last save (its field errors go next to the fields). */
  error: unknown;
  apps: readonly Application[];
  /** Shown to read (inputs disabled by the form's fieldset; no add or remove buttons). */
  readOnly?: boolean;
}) {
  const t = useStrings();
  const s = t.extensions.form;
  const styles = useStyles();
  const set = (patch: Partial<ExtensionDraft>) => onChange({ ...draft, ...patch });
  const message = (field: DraftProblem, local: string) =>
    problems.has(field) ? local : fieldError(error, API_FIELDS[field]);
  // The saved resourceId may be an identifier URI: the picker shows its app's appId.
  const chosen = resourceAppOf(apps, draft.resourceId);
  const sorted = [...apps].sort((a, b) => a.displayName.localeCompare(b.displayName));
  const heading = (id: string, text: string) => (
    <Text as="h2" id={id} size={500} weight="semibold" className={styles.heading}>
      {text}
    </Text>
  );

  return (
    <>
      <section className={styles.section} aria-labelledby="extension-basics">
        {heading('extension-basics', s.basics)}
        <Field label={s.name} required validationMessage={message('displayName', s.nameRequired)}>
          <Input value={draft.displayName} onChange={(_e, data) => set({ displayName: data.value })} />
        </Field>
        <Field label={s.description} validationMessage={fieldError(error, 'description')}>
          <Textarea
            value={draft.description}
            resize="vertical"
            onChange={(_e, data) => set({ description: data.value })}
          />
        </Field>
      </section>

      <section className={styles.section} aria-labelledby="extension-endpoint">
        {heading('extension-endpoint', s.endpoint)}
        <Field
          label={s.targetUrl}
          hint={s.targetUrlHint}
          required
          validationMessage={message('targetUrl', s.targetUrlInvalid)}
        >
          <Input
            type="url"
            value={draft.targetUrl}
            placeholder="https://api.contoso.example/claims"
            onChange={(_e, data) => set({ targetUrl: data.value })}
          />
        </Field>
      </section>

      <section className={styles.section} aria-labelledby="extension-authentication">
        {heading('extension-authentication', s.authentication)}
        <Field
          label={s.apiApp}
          hint={s.apiAppHint}
          required
          validationMessage={message('resourceId', apps.length === 0 ? s.noApps : s.apiAppRequired)}
        >
          <Select
            className={styles.fill}
            value={chosen?.appId ?? draft.resourceId}
            onChange={(_e, data) => set({ resourceId: data.value })}
          >
            <option value="">{s.apiAppPlaceholder}</option>
            {!chosen && draft.resourceId && <option value={draft.resourceId}>{draft.resourceId}</option>}
            {sorted.map((app) => (
              <option key={app.id} value={app.appId}>
                {format(s.appOption, { name: app.displayName, appId: app.appId })}
              </option>
            ))}
          </Select>
        </Field>
      </section>

      <section className={styles.section} aria-labelledby="extension-connection">
        {heading('extension-connection', s.connection)}
        <div className={styles.fields}>
          <Field
            label={s.timeout}
            hint={s.timeoutHint}
            validationMessage={message('timeout', s.timeoutInvalid)}
          >
            <Input
              type="number"
              min={200}
              max={2000}
              step={100}
              className={styles.narrowInput}
              value={draft.timeout}
              onChange={(_e, data) => set({ timeout: data.value })}
            />
          </Field>
          <Field label={s.retries}>
            <RadioGroup
              layout="horizontal"
              value={draft.retries}
              onChange={(_e, data) => set({ retries: data.value as ExtensionDraft['retries'] })}
            >
              <Radio value="0" label={s.retriesNone} />
              <Radio value="1" label={s.retriesOne} />
            </RadioGroup>
          </Field>
        </div>
      </section>

      {event === 'tokenIssuanceStart' && (
        <section className={styles.section} aria-labelledby="extension-claims">
          {heading('extension-claims', s.claims)}
          <Text>{s.claimsIntro}</Text>
          {draft.claims.map((claim, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the rows are edited in place; an index is their identity
            <div key={index} className={styles.row}>
              <Field
                label={format(s.claimLabel, { n: index + 1 })}
                className={styles.grow}
                validationMessage={
                  problems.has('claims') && (!claim.trim() || draft.claims.indexOf(claim) !== index)
                    ? claim.trim()
                      ? s.claimDuplicate
                      : s.claimRequired
                    : undefined
                }
              >
                <Input
                  value={claim}
                  placeholder={s.claimPlaceholder}
                  onChange={(_e, data) =>
                    set({ claims: draft.claims.map((value, i) => (i === index ? data.value : value)) })
                  }
                />
              </Field>
              {!readOnly && (
                <Button
                  appearance="subtle"
                  icon={<DeleteRegular />}
                  aria-label={format(s.removeClaim, {
                    name: claim || format(s.claimLabel, { n: index + 1 }),
                  })}
                  onClick={() => set({ claims: draft.claims.filter((_value, i) => i !== index) })}
                />
              )}
            </div>
          ))}
          {fieldError(error, API_FIELDS.claims) && (
            <Text role="alert" className={styles.error}>
              {fieldError(error, API_FIELDS.claims)}
            </Text>
          )}
          {draft.claims.length === 0 && readOnly && <Text>{s.noClaims}</Text>}
          {!readOnly && (
            <div className={styles.actions}>
              <Button icon={<AddRegular />} onClick={() => set({ claims: [...draft.claims, ''] })}>
                {s.addClaim}
              </Button>
            </div>
          )}
        </section>
      )}

      {event === 'emailOtpSend' && (
        <section className={styles.section} aria-labelledby="extension-on-error">
          {heading('extension-on-error', s.onError)}
          <Field hint={s.fallbackHint} validationMessage={fieldError(error, API_FIELDS.behaviorOnError)}>
            <Switch
              label={s.fallback}
              checked={draft.fallback}
              onChange={(_e, data) => set({ fallback: data.checked })}
            />
          </Field>
        </section>
      )}
    </>
  );
}
