import {
  Button,
  Dropdown,
  Field,
  Input,
  Option,
  Radio,
  RadioGroup,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
} from '@fluentui/react-components';
import { AddRegular, DeleteRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import { useCan } from '../../../api/access';
import { ApiErrorMessage, fieldError } from '../../../components/ApiErrorMessage';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { EmptyState } from '../../../components/EmptyState';
import { format, useStrings } from '../../../strings';
import { useAppContext } from '../AppPage';
import { ACTIONS, useUpdateApplication } from '../api';
import type { Application, OptionalClaim } from '../model';
import { useTableStyles } from '../shared';

type TokenType = 'idToken' | 'accessToken';
const TOKEN_TYPES: TokenType[] = ['idToken', 'accessToken'];
const GROUP_VALUES = ['None', 'SecurityGroup', 'All'] as const;
type GroupClaims = (typeof GROUP_VALUES)[number];

/** The optional claims as sent back: `source` left out (null, the user, is the API's default). */
const asInput = (claims: OptionalClaim[]) =>
  claims.map(({ name, essential, additionalProperties }) => ({ name, essential, additionalProperties }));

function withClaims(app: Application, token: TokenType, claims: OptionalClaim[]) {
  const next = { ...app.optionalClaims, [token]: claims };
  return { idToken: asInput(next.idToken), accessToken: asInput(next.accessToken) };
}

/** Token configuration: optional claims per token type and the groups claim. */
export function TokenConfigurationTab() {
  const t = useStrings();
  const c = t.apps.claims;
  const styles = useTableStyles();
  const can = useCan();
  const { tenantId, app } = useAppContext();
  const editable = can(ACTIONS.update, tenantId);
  const claims = useUpdateApplication(tenantId, app.id);
  const groups = useUpdateApplication(tenantId, app.id);
  const [token, setToken] = useState<TokenType>('idToken');
  const [name, setName] = useState('');
  const [removing, setRemoving] = useState<{ token: TokenType; name: string } | null>(null);
  const [groupClaims, setGroupClaims] = useState<GroupClaims>(app.groupMembershipClaims);
  const rows = TOKEN_TYPES.flatMap((type) => app.optionalClaims[type].map((claim) => ({ type, claim })));
  const claimError = fieldError(claims.error, 'optionalClaims');
  return (
    <>
      <section className={styles.section} aria-labelledby="optional-claims">
        <Text as="h2" size={500} weight="semibold" id="optional-claims">
          {c.title}
        </Text>
        <Text>{c.intro}</Text>
        {editable && (
          <form
            className={styles.row}
            aria-label={c.add}
            onSubmit={(event) => {
              event.preventDefault();
              const value = name.trim();
              if (!value) return;
              claims
                .mutateAsync({
                  optionalClaims: withClaims(app, token, [
                    ...app.optionalClaims[token].filter((claim) => claim.name !== value),
                    { name: value, source: null, essential: false, additionalProperties: [] },
                  ]),
                })
                .then(() => setName(''))
                .catch(() => undefined);
            }}
          >
            <Field label={c.tokenType}>
              <Dropdown
                value={c[token]}
                selectedOptions={[token]}
                onOptionSelect={(_event, data) => setToken(data.optionValue as TokenType)}
              >
                {TOKEN_TYPES.map((type) => (
                  <Option key={type} value={type}>
                    {c[type]}
                  </Option>
                ))}
              </Dropdown>
            </Field>
            <Field label={c.name} hint={c.nameHint} className={styles.grow} validationMessage={claimError}>
              <Input value={name} onChange={(_event, data) => setName(data.value)} />
            </Field>
            <Button type="submit" icon={<AddRegular />} disabled={claims.isPending || !name.trim()}>
              {c.add}
            </Button>
          </form>
        )}
        {!claimError && <ApiErrorMessage error={claims.error} />}
        {rows.length === 0 ? (
          <EmptyState title={c.emptyTitle}>{c.empty}</EmptyState>
        ) : (
          <div className={styles.scroll}>
            <Table aria-label={c.title}>
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>{c.claim}</TableHeaderCell>
                  <TableHeaderCell>{c.tokenType}</TableHeaderCell>
                  {editable && <TableHeaderCell>{t.common.actions}</TableHeaderCell>}
                </TableRow>
              </TableHeader>
              <TableBody>
                {rows.map(({ type, claim }) => (
                  <TableRow key={`${type}:${claim.name}`}>
                    <TableCell className={styles.mono}>{claim.name}</TableCell>
                    <TableCell>{c[type]}</TableCell>
                    {editable && (
                      <TableCell>
                        <Button
                          appearance="subtle"
                          icon={<DeleteRegular />}
                          aria-label={format(c.remove, { name: claim.name, token: c[type] })}
                          onClick={() => setRemoving({ token: type, name: claim.name })}
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
      <section className={styles.section} aria-labelledby="groups-claim">
        <Text as="h2" size={500} weight="semibold" id="groups-claim">
          {c.groups}
        </Text>
        <form
          className={styles.form}
          onSubmit={(event) => {
            event.preventDefault();
            groups.mutate({ groupMembershipClaims: groupClaims });
          }}
        >
          <Field label={c.groupsHint} validationMessage={fieldError(groups.error, 'groupMembershipClaims')}>
            <RadioGroup
              value={groupClaims}
              disabled={!editable}
              onChange={(_event, data) => setGroupClaims(data.value as GroupClaims)}
            >
              {GROUP_VALUES.map((value) => (
                <Radio key={value} value={value} label={c.groupValues[value]} />
              ))}
            </RadioGroup>
          </Field>
          {!fieldError(groups.error, 'groupMembershipClaims') && <ApiErrorMessage error={groups.error} />}
          {editable && (
            <div className={styles.actions}>
              <Button
                type="submit"
                appearance="primary"
                disabled={groups.isPending || groupClaims === app.groupMembershipClaims}
              >
                {groups.isSuccess && groupClaims === app.groupMembershipClaims
                  ? t.common.saved
                  : t.common.save}
              </Button>
            </div>
          )}
        </form>
      </section>
      <ConfirmDialog
        open={removing !== null}
        title={format(c.removeTitle, {
          name: removing?.name ?? '',
          token: removing ? c[removing.token] : '',
        })}
        confirmLabel={t.common.remove}
        onConfirm={() =>
          removing
            ? claims.mutateAsync({
                optionalClaims: withClaims(
                  app,
                  removing.token,
                  app.optionalClaims[removing.token].filter((claim) => claim.name !== removing.name),
                ),
              })
            : Promise.resolve()
        }
        onClose={() => setRemoving(null)}
      >
        {c.removeBody}
      </ConfirmDialog>
    </>
  );
}
