import {
  Button,
  Dropdown,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Option,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
} from '@fluentui/react-components';
import { AddRegular, DeleteRegular } from '@fluentui/react-icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useApi } from '../../../api/ApiProvider';
import { useCan } from '../../../api/access';
import { unwrap } from '../../../api/client';
import { ApiErrorMessage, fieldError } from '../../../components/ApiErrorMessage';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { CopyButton } from '../../../components/CopyButton';
import { EmptyState } from '../../../components/EmptyState';
import { format, useStrings } from '../../../strings';
import { useAppContext } from '../AppPage';
import { ACTIONS, appsKey } from '../api';
import type { PasswordCredential } from '../model';
import { useTableStyles } from '../shared';

const DURATIONS = [6, 12, 24];

const inMonths = (months: number) => {
  const end = new Date();
  end.setMonth(end.getMonth() + months);
  // The API takes up to 2 years: a day's margin keeps "24 months" inside it.
  if (months === 24) end.setDate(end.getDate() - 1);
  return end.toISOString();
};

/** Certificates & secrets: add a secret (shown once), list them with expiry, remove one. */
export function SecretsTab() {
  const t = useStrings();
  const styles = useTableStyles();
  const can = useCan();
  const api = useApi();
  const queryClient = useQueryClient();
  const { tenantId, app, newSecret, setNewSecret } = useAppContext();
  const [description, setDescription] = useState('');
  const [months, setMonths] = useState(6);
  const [removing, setRemoving] = useState<PasswordCredential | null>(null);
  const s = t.apps.secrets;
  const path = { tenantId, id: app.id };
  const refresh = () => queryClient.invalidateQueries({ queryKey: appsKey(tenantId) });
  const add = useMutation({
    mutationFn: () =>
      unwrap<PasswordCredential>(
        api.POST('/api/v1/tenants/{tenantId}/applications/{id}/addPassword', {
          params: { path },
          body: {
            passwordCredential: {
              ...(description.trim() && { displayName: description.trim() }),
              endDateTime: inMonths(months),
            },
          },
        }),
      ),
    onSuccess: (secret) => {
      setNewSecret(secret);
      setDescription('');
      return refresh();
    },
  });
  const remove = (keyId: string) =>
    unwrap(
      api.POST('/api/v1/tenants/{tenantId}/applications/{id}/removePassword', {
        params: { path },
        body: { keyId },
      }),
    ).then(() => {
      if (newSecret?.keyId === keyId) setNewSecret(null);
      return refresh();
    });
  const editable = can(ACTIONS.credentials, tenantId);
  const nameOf = (secret: PasswordCredential) => secret.displayName || s.unnamed;
  return (
    <>
      <section className={styles.section} aria-labelledby="secrets-heading">
        <Text as="h2" size={500} weight="semibold" id="secrets-heading">
          {s.title}
        </Text>
        <Text>{s.intro}</Text>
        {newSecret?.secretText && (
          <MessageBar intent="success">
            <MessageBarBody>
              <MessageBarTitle>{s.created}</MessageBarTitle>
              <div className={styles.row}>
                <Field label={s.value} className={styles.grow}>
                  <Input readOnly value={newSecret.secretText} className={styles.mono} />
                </Field>
                <CopyButton value={newSecret.secretText} label={s.value} />
              </div>
              <Text>
                {format(s.expiresOn, { date: new Date(newSecret.endDateTime).toLocaleDateString() })}
              </Text>
            </MessageBarBody>
          </MessageBar>
        )}
        {editable && (
          <form
            className={styles.row}
            onSubmit={(event) => {
              event.preventDefault();
              add.mutate();
            }}
          >
            <Field
              label={s.description}
              className={styles.grow}
              validationMessage={fieldError(add.error, 'passwordCredential.displayName')}
            >
              <Input value={description} onChange={(_event, data) => setDescription(data.value)} />
            </Field>
            <Field label={s.expires} validationMessage={fieldError(add.error, 'endDateTime')}>
              <Dropdown
                value={format(s.months, { count: months })}
                selectedOptions={[String(months)]}
                onOptionSelect={(_event, data) => setMonths(Number(data.optionValue))}
              >
                {DURATIONS.map((count) => (
                  <Option key={count} value={String(count)}>
                    {format(s.months, { count })}
                  </Option>
                ))}
              </Dropdown>
            </Field>
            <Button type="submit" appearance="primary" icon={<AddRegular />} disabled={add.isPending}>
              {s.add}
            </Button>
          </form>
        )}
        {!fieldError(add.error, 'passwordCredential.displayName') &&
          !fieldError(add.error, 'endDateTime') && <ApiErrorMessage error={add.error} />}
        {app.passwordCredentials.length === 0 ? (
          <EmptyState title={s.emptyTitle}>{s.emptyBody}</EmptyState>
        ) : (
          <div className={styles.scroll}>
            <Table aria-label={s.title}>
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>{s.description}</TableHeaderCell>
                  <TableHeaderCell>{s.expires}</TableHeaderCell>
                  <TableHeaderCell>{s.hint}</TableHeaderCell>
                  <TableHeaderCell className={styles.secondary}>{s.keyId}</TableHeaderCell>
                  {editable && <TableHeaderCell>{t.common.actions}</TableHeaderCell>}
                </TableRow>
              </TableHeader>
              <TableBody>
                {app.passwordCredentials.map((secret) => (
                  <TableRow key={secret.keyId}>
                    <TableCell>{nameOf(secret)}</TableCell>
                    <TableCell>{new Date(secret.endDateTime).toLocaleDateString()}</TableCell>
                    <TableCell className={styles.mono}>{`${secret.hint}…`}</TableCell>
                    <TableCell className={`${styles.mono} ${styles.secondary}`}>{secret.keyId}</TableCell>
                    {editable && (
                      <TableCell>
                        <Button
                          appearance="subtle"
                          icon={<DeleteRegular />}
                          aria-label={format(s.remove, { name: nameOf(secret) })}
                          onClick={() => setRemoving(secret)}
                        />
                      </TableCell>
                    )}
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
        )}
      </section>
      <section className={styles.section} aria-labelledby="certificates-heading">
        <Text as="h2" size={500} weight="semibold" id="certificates-heading">
          {s.certificates}
        </Text>
        <Text>
          {app.keyCredentials.length
            ? format(s.certificatesCount, { count: app.keyCredentials.length })
            : s.noCertificates}
        </Text>
      </section>
      <ConfirmDialog
        open={removing !== null}
        title={s.removeTitle}
        confirmLabel={t.common.remove}
        onConfirm={() => remove(removing?.keyId ?? '')}
        onClose={() => setRemoving(null)}
      >
        {format(s.removeBody, { name: removing ? nameOf(removing) : '' })}
      </ConfirmDialog>
    </>
  );
}
