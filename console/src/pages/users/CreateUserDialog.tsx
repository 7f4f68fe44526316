import {
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  makeStyles,
  Radio,
  RadioGroup,
  tokens,
} from '@fluentui/react-components';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useApi } from '../../api/ApiProvider';
import { unwrap } from '../../api/client';
import { ApiErrorMessage, fieldError, isFieldError } from '../../components/ApiErrorMessage';
import { format, useStrings } from '../../strings';
import { CopySecret } from './CopySecret';
import type { User } from './model';
import { generatePassword } from './password';

export const useFormStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  row: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM, '> *': { flex: '1 1 180px' } },
  secret: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS },
  secretInput: { flexGrow: 1, fontFamily: tokens.fontFamilyMonospace },
});

type IdentityKind = 'email' | 'username';
type PasswordMode = 'generate' | 'set' | 'none';

const FIELDS = ['mail', 'identities', 'displayName', 'givenName', 'surname', 'passwordProfile'];

/** Creates a user: who they sign in as, their name, and a password generated (shown once) or set. */
export function CreateUserDialog({ tenantId, onClose }: { tenantId: string; onClose: () => void }) {
  const t = useStrings();
  const styles = useFormStyles();
  const api = useApi();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [kind, setKind] = useState<IdentityKind>('email');
  const [login, setLogin] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [givenName, setGivenName] = useState('');
  const [surname, setSurname] = useState('');
  const [mode, setMode] = useState<PasswordMode>('generate');
  const [password, setPassword] = useState('');
  const [forceChange, setForceChange] = useState(true);
  const [created, setCreated] = useState<{ user: User; password: string | null } | null>(null);

  const create = useMutation({
    mutationFn: async () => {
      const secret = mode === 'generate' ? generatePassword() : mode === 'set' ? password : null;
      const user = await unwrap<User>(
        api.POST('/api/v1/tenants/{tenantId}/users', {
          params: { path: { tenantId } },
          body: {
            displayName,
            ...(givenName.trim() && { givenName }),
            ...(surname.trim() && { surname }),
            ...(kind === 'email'
              ? { mail: login }
              : { identities: [{ signInType: 'userName' as const, issuerAssignedId: login }] }),
            ...(secret !== null && {
              passwordProfile: { password: secret, forceChangePasswordNextSignIn: forceChange },
            }),
          },
        }),
      );
      return { user, password: mode === 'generate' ? secret : null };
    },
    onSuccess: async (result) => {
      setCreated(result);
      await queryClient.invalidateQueries({ queryKey: [tenantId, 'users'] });
    },
  });
  const error = create.error;
  const loginError =
    kind === 'email'
      ? (fieldError(error, 'mail') ?? fieldError(error, 'identities'))
      : fieldError(error, 'identities');

  return (
    <Dialog open onOpenChange={(_event, data) => !data.open && onClose()}>
      <DialogSurface>
        {created ? (
          <DialogBody>
            <DialogTitle>{t.users.createdTitle}</DialogTitle>
            <DialogContent className={styles.form}>
              <p>{format(t.users.createdBody, { name: created.user.displayName })}</p>
              {created.password && (
                <>
                  <MessageBar intent="warning">
                    <MessageBarBody>{t.users.passwordOnce}</MessageBarBody>
                  </MessageBar>
                  <Field label={t.users.generatedPassword}>
                    <div className={styles.secret}>
                      <Input className={styles.secretInput} readOnly value={created.password} />
                      <CopySecret value={created.password} label={t.users.generatedPassword} />
                    </div>
                  </Field>
                </>
              )}
            </DialogContent>
            <DialogActions>
              <Button
                appearance="secondary"
                onClick={() => {
                  onClose();
                  navigate(encodeURIComponent(created.user.id));
                }}
              >
                {t.users.openUser}
              </Button>
              <Button appearance="primary" onClick={onClose}>
                {t.users.done}
              </Button>
            </DialogActions>
          </DialogBody>
        ) : (
          <form
            onSubmit={(event) => {
              event.preventDefault();
              create.mutate();
            }}
          >
            <DialogBody>
              <DialogTitle>{t.users.createTitle}</DialogTitle>
              <DialogContent className={styles.form}>
                <Field label={t.users.identityKind}>
                  <RadioGroup
                    layout="horizontal"
                    value={kind}
                    onChange={(_event, data) => setKind(data.value as IdentityKind)}
                  >
                    <Radio value="email" label={t.users.identityEmail} />
                    <Radio value="username" label={t.users.identityUsername} />
                  </RadioGroup>
                </Field>
                <Field
                  label={kind === 'email' ? t.users.email : t.users.username}
                  hint={kind === 'username' ? t.users.usernameHint : undefined}
                  required
                  validationMessage={loginError}
                >
                  <Input
                    type={kind === 'email' ? 'email' : 'text'}
                    autoComplete="off"
                    value={login}
                    onChange={(_event, data) => setLogin(data.value)}
                  />
                </Field>
                <Field
                  label={t.users.displayName}
                  required
                  validationMessage={fieldError(error, 'displayName')}
                >
                  <Input value={displayName} onChange={(_event, data) => setDisplayName(data.value)} />
                </Field>
                <div className={styles.row}>
                  <Field label={t.users.givenName} validationMessage={fieldError(error, 'givenName')}>
                    <Input value={givenName} onChange={(_event, data) => setGivenName(data.value)} />
                  </Field>
                  <Field label={t.users.surname} validationMessage={fieldError(error, 'surname')}>
                    <Input value={surname} onChange={(_event, data) => setSurname(data.value)} />
                  </Field>
                </div>
                <Field label={t.users.passwordChoice}>
                  <RadioGroup value={mode} onChange={(_event, data) => setMode(data.value as PasswordMode)}>
                    <Radio value="generate" label={t.users.passwordGenerate} />
                    <Radio value="set" label={t.users.passwordSet} />
                    <Radio value="none" label={t.users.passwordNone} />
                  </RadioGroup>
                </Field>
                {mode === 'set' && (
                  <Field
                    label={t.users.password}
                    required
                    validationMessage={fieldError(error, 'passwordProfile.password')}
                  >
                    <Input
                      type="password"
                      autoComplete="new-password"
                      value={password}
                      onChange={(_event, data) => setPassword(data.value)}
                    />
                  </Field>
                )}
                {mode !== 'none' && (
                  <Checkbox
                    checked={forceChange}
                    onChange={(_event, data) => setForceChange(data.checked === true)}
                    label={t.users.forceChange}
                  />
                )}
                {mode === 'generate' && fieldError(error, 'passwordProfile') && (
                  <ApiErrorMessage error={error} />
                )}
                {!isFieldError(error, FIELDS) && <ApiErrorMessage error={error} />}
              </DialogContent>
              <DialogActions>
                <Button type="button" appearance="secondary" onClick={onClose}>
                  {t.common.cancel}
                </Button>
                <Button type="submit" appearance="primary" disabled={create.isPending}>
                  {create.isPending ? t.users.creating : t.common.create}
                </Button>
              </DialogActions>
            </DialogBody>
          </form>
        )}
      </DialogSurface>
    </Dialog>
  );
}
