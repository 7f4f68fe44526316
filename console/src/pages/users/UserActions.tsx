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
  Radio,
  RadioGroup,
} from '@fluentui/react-components';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useApi } from '../../api/ApiProvider';
import { unwrap } from '../../api/client';
import { ApiErrorMessage, fieldError } from '../../components/ApiErrorMessage';
import { format, useStrings } from '../../strings';
import { CopySecret } from './CopySecret';
import { useFormStyles } from './CreateUserDialog';
import type { User } from './model';
import { generatePassword } from './password';

/** Resets a user's password: generated and shown once, or set by the admin. */
export function ResetPasswordDialog({
  tenantId,
  user,
  onClose,
}: {
  tenantId: string;
  user: User;
  onClose: () => void;
}) {
  const t = useStrings();
  const styles = useFormStyles();
  const api = useApi();
  const queryClient = useQueryClient();
  const [mode, setMode] = useState<'generate' | 'set'>('generate');
  const [password, setPassword] = useState('');
  const [forceChange, setForceChange] = useState(true);
  const [done, setDone] = useState<{ password: string | null } | null>(null);
  const reset = useMutation({
    mutationFn: async () => {
      const secret = mode === 'generate' ? generatePassword() : password;
      await unwrap(
        api.PATCH('/api/v1/tenants/{tenantId}/users/{id}', {
          params: { path: { tenantId, id: user.id } },
          body: { passwordProfile: { password: secret, forceChangePasswordNextSignIn: forceChange } },
        }),
      );
      return { password: mode === 'generate' ? secret : null };
    },
    onSuccess: async (result) => {
      setDone(result);
      await queryClient.invalidateQueries({ queryKey: [tenantId, 'users', user.id] });
    },
  });
  const passwordError = fieldError(reset.error, 'passwordProfile.password');
  return (
    <Dialog open onOpenChange={(_event, data) => !data.open && onClose()}>
      <DialogSurface>
        {done ? (
          <DialogBody>
            <DialogTitle>{t.users.resetDoneTitle}</DialogTitle>
            <DialogContent className={styles.form}>
              <p>{t.users.resetDone}</p>
              {done.password && (
                <>
                  <MessageBar intent="warning">
                    <MessageBarBody>{t.users.passwordOnce}</MessageBarBody>
                  </MessageBar>
                  <Field label={t.users.generatedPassword}>
                    <div className={styles.secret}>
                      <Input className={styles.secretInput} readOnly value={done.password} />
                      <CopySecret value={done.password} label={t.users.generatedPassword} />
                    </div>
                  </Field>
                </>
              )}
            </DialogContent>
            <DialogActions>
              <Button appearance="primary" onClick={onClose}>
                {t.users.done}
              </Button>
            </DialogActions>
          </DialogBody>
        ) : (
          <form
            onSubmit={(event) => {
              event.preventDefault();
              reset.mutate();
            }}
          >
            <DialogBody>
              <DialogTitle>{format(t.users.resetTitle, { name: user.displayName })}</DialogTitle>
              <DialogContent className={styles.form}>
                <Field
                  label={t.users.passwordChoice}
                  hint={mode === 'generate' ? t.users.resetGenerateHint : undefined}
                >
                  <RadioGroup
                    value={mode}
                    onChange={(_event, data) => setMode(data.value as 'generate' | 'set')}
                  >
                    <Radio value="generate" label={t.users.passwordGenerate} />
                    <Radio value="set" label={t.users.passwordSet} />
                  </RadioGroup>
                </Field>
                {mode === 'set' && (
                  <Field label={t.users.password} required validationMessage={passwordError}>
                    <Input
                      type="password"
                      autoComplete="new-password"
                      value={password}
                      onChange={(_event, data) => setPassword(data.value)}
                    />
                  </Field>
                )}
                <Checkbox
                  checked={forceChange}
                  onChange={(_event, data) => setForceChange(data.checked === true)}
                  label={t.users.forceChange}
                />
                {!(mode === 'set' && passwordError) && <ApiErrorMessage error={reset.error} />}
              </DialogContent>
              <DialogActions>
                <Button type="button" appearance="secondary" onClick={onClose}>
                  {t.common.cancel}
                </Button>
                <Button type="submit" appearance="primary" disabled={reset.isPending}>
                  {t.users.resetSubmit}
                </Button>
              </DialogActions>
            </DialogBody>
          </form>
        )}
      </DialogSurface>
    </Dialog>
  );
}
