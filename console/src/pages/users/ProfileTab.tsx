import {
  Badge,
  Button,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  makeStyles,
  Text,
  tokens,
} from '@fluentui/react-components';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { useApi } from '../../api/ApiProvider';
import { unwrap } from '../../api/client';
import { ApiErrorMessage, fieldError, isFieldError } from '../../components/ApiErrorMessage';
import { useStrings } from '../../strings';
import { CopySecret } from './CopySecret';
import { formatDateTime } from './format';
import { PROFILE_FIELDS, type ProfileField, type User } from './model';

const useStyles = makeStyles({
  layout: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalXXL, alignItems: 'flex-start' },
  form: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(220px, 1fr))',
    gap: tokens.spacingVerticalM,
    flex: '2 1 420px',
    minWidth: 0,
  },
  submit: { gridColumn: '1 / -1', display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM },
  facts: { flex: '1 1 260px', minWidth: 0 },
  list: { margin: `${tokens.spacingVerticalM} 0 0` },
  fact: { marginBottom: tokens.spacingVerticalM },
  term: { fontWeight: tokens.fontWeightSemibold, color: tokens.colorNeutralForeground2 },
  value: {
    margin: 0,
    overflowWrap: 'anywhere',
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
    flexWrap: 'wrap',
  },
  heading: { gridColumn: '1 / -1', margin: 0 },
});

type Values = Record<ProfileField, string>;
const valuesOf = (user: User): Values =>
  Object.fromEntries(PROFILE_FIELDS.map((field) => [field, user[field] ?? ''])) as Values;

/** The user's profile: editable built-in attributes, and what the directory knows about them. */
export function ProfileTab({
  tenantId,
  user,
  canUpdate,
}: {
  tenantId: string;
  user: User;
  canUpdate: boolean;
}) {
  const t = useStrings();
  const styles = useStyles();
  const api = useApi();
  const queryClient = useQueryClient();
  const [values, setValues] = useState<Values>(() => valuesOf(user));
  const changed = PROFILE_FIELDS.filter((field) => values[field].trim() !== (user[field] ?? ''));
  const save = useMutation({
    mutationFn: () => {
      const body: { displayName?: string } & Partial<
        Record<Exclude<ProfileField, 'displayName'>, string | null>
      > = {};
      for (const field of changed) {
        if (field === 'displayName') body.displayName = values.displayName;
        else body[field] = values[field].trim() === '' ? null : values[field];
      }
      return unwrap<User>(
        api.PATCH('/api/v1/tenants/{tenantId}/users/{id}', {
          params: { path: { tenantId, id: user.id } },
          body,
        }),
      );
    },
    onSuccess: async (updated) => {
      setValues(valuesOf(updated));
      queryClient.setQueryData([tenantId, 'users', user.id], updated);
      await queryClient.invalidateQueries({ queryKey: [tenantId, 'users', 'list'] });
    },
  });
  const custom = Object.entries(user.customAttributes);
  return (
    <div className={styles.layout}>
      <form
        className={styles.form}
        onSubmit={(event) => {
          event.preventDefault();
          save.mutate();
        }}
      >
        <Text as="h2" size={500} weight="semibold" className={styles.heading}>
          {t.users.editProfile}
        </Text>
        {PROFILE_FIELDS.map((field) => (
          <Field
            key={field}
            label={t.users[field]}
            required={field === 'displayName'}
            validationMessage={fieldError(save.error, field)}
          >
            <Input
              value={values[field]}
              readOnly={!canUpdate}
              onChange={(_event, data) => {
                save.reset();
                setValues((old) => ({ ...old, [field]: data.value }));
              }}
            />
          </Field>
        ))}
        {canUpdate && (
          <div className={styles.submit}>
            <Button type="submit" appearance="primary" disabled={changed.length === 0 || save.isPending}>
              {t.common.save}
            </Button>
            {save.isSuccess && (
              <MessageBar intent="success">
                <MessageBarBody role="status">{t.users.profileSaved}</MessageBarBody>
              </MessageBar>
            )}
            {!isFieldError(save.error, [...PROFILE_FIELDS]) && <ApiErrorMessage error={save.error} />}
          </div>
        )}
      </form>
      <div className={styles.facts}>
        <Text as="h2" size={500} weight="semibold">
          {t.users.properties}
        </Text>
        <dl className={styles.list}>
          <Fact label={t.users.contactMail}>
            {user.mail ?? t.common.none}
            {user.mail && (
              <Badge appearance="outline" color={user.mailVerifiedDateTime ? 'success' : 'informative'}>
                {user.mailVerifiedDateTime ? t.users.mailVerified : t.users.mailUnverified}
              </Badge>
            )}
          </Fact>
          <Fact label={t.users.objectId}>
            {user.id}
            <CopySecret value={user.id} label={t.users.objectId} />
          </Fact>
          <Fact label={t.users.createdAt}>{formatDateTime(user.createdDateTime)}</Fact>
          <Fact label={t.users.lastSignIn}>
            {user.signInActivity.lastSignInDateTime
              ? formatDateTime(user.signInActivity.lastSignInDateTime)
              : t.users.never}
          </Fact>
          <Fact label={t.users.passwordChanged}>
            {user.lastPasswordChangeDateTime
              ? formatDateTime(user.lastPasswordChangeDateTime)
              : t.users.never}
          </Fact>
          <Fact label={t.users.customAttributes}>
            {custom.length === 0
              ? t.users.noCustomAttributes
              : custom.map(([key, value]) => `${key}: ${String(value)}`).join(', ')}
          </Fact>
        </dl>
      </div>
    </div>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  const styles = useStyles();
  return (
    <div className={styles.fact}>
      <dt className={styles.term}>{label}</dt>
      <dd className={styles.value}>{children}</dd>
    </div>
  );
}
