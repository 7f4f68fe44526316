import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  Radio,
  RadioGroup,
  Text,
} from '@fluentui/react-components';
import {
  KeyResetRegular,
  PersonProhibitedRegular,
  ShieldDismissRegular,
  ShieldErrorRegular,
} from '@fluentui/react-icons';
import { useState } from 'react';
import { useCan } from '../../api/access';
import { ApiErrorMessage } from '../../components/ApiErrorMessage';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { CopyButton } from '../../components/CopyButton';
import { format, useStrings } from '../../strings';
import { useRiskyUserActions } from './api';
import { ACTIONS, type RiskyUser } from './model';
import { useAreaStyles } from './shared';

export const nameOf = (user: Pick<RiskyUser, 'userDisplayName' | 'userPrincipalName' | 'id'>): string =>
  user.userDisplayName || user.userPrincipalName || user.id;

type Pending = 'compromise' | 'dismiss' | 'block' | 'reset' | null;

/**
 * The admin actions on risky users (Entra's): confirm compromised and dismiss for one or many,
 * reset password and block for one. Buttons the admin's roles do not allow are not shown;
 * each asks first.
 */
export function RiskyUserCommands({
  tenantId,
  users,
  label,
  onDone,
}: {
  tenantId: string;
  users: readonly RiskyUser[];
  label: string;
  onDone: (notice: string) => void;
}) {
  const t = useStrings();
  const s = t.identityProtection.riskyUsers;
  const styles = useAreaStyles();
  const can = useCan();
  const actions = useRiskyUserActions(tenantId);
  const [pending, setPending] = useState<Pending>(null);
  const canUpdate = can(ACTIONS.riskyUsersUpdate, tenantId);
  const canReset = can(ACTIONS.resetPassword, tenantId);
  const canBlock = can(ACTIONS.block, tenantId);
  if (!canUpdate && !canReset && !canBlock) return null;
  const ids = users.map((user) => user.id);
  const one = users.length === 1 ? users[0] : undefined;
  const none = users.length === 0;
  const count = (one: string, many: string) =>
    users.length === 1
      ? format(one, { name: nameOf(users[0] as RiskyUser) })
      : format(many, { count: users.length });
  return (
    // biome-ignore lint/a11y/useSemanticElements: a group of commands, not a form's fieldset
    <div role="group" aria-label={label} className={styles.toolbar}>
      {canUpdate && (
        <>
          <Button icon={<ShieldErrorRegular />} disabled={none} onClick={() => setPending('compromise')}>
            {s.confirmCompromised}
          </Button>
          <Button icon={<ShieldDismissRegular />} disabled={none} onClick={() => setPending('dismiss')}>
            {s.dismiss}
          </Button>
        </>
      )}
      {canReset && (
        <Button
          icon={<KeyResetRegular />}
          disabled={!one || one.isDeleted}
          onClick={() => setPending('reset')}
        >
          {s.resetPassword}
        </Button>
      )}
      {canBlock && (
        <Button
          icon={<PersonProhibitedRegular />}
          disabled={!one || one.isDeleted}
          onClick={() => setPending('block')}
        >
          {s.block}
        </Button>
      )}
      <ConfirmDialog
        open={pending === 'compromise'}
        title={count(s.confirmTitleOne, s.confirmTitle)}
        confirmLabel={s.confirmCompromised}
        onConfirm={async () => {
          await actions.confirmCompromised.mutateAsync(ids);
          onDone(format(s.confirmed, { count: ids.length }));
        }}
        onClose={() => setPending(null)}
      >
        {s.confirmBody}
      </ConfirmDialog>
      <ConfirmDialog
        open={pending === 'dismiss'}
        title={count(s.dismissTitleOne, s.dismissTitle)}
        confirmLabel={s.dismiss}
        onConfirm={async () => {
          await actions.dismiss.mutateAsync(ids);
          onDone(format(s.dismissed, { count: ids.length }));
        }}
        onClose={() => setPending(null)}
      >
        {s.dismissBody}
      </ConfirmDialog>
      {one && (
        <ConfirmDialog
          open={pending === 'block'}
          title={format(s.blockTitle, { name: nameOf(one) })}
          confirmLabel={s.block}
          onConfirm={async () => {
            await actions.block.mutateAsync(one.id);
            onDone(format(s.blocked, { name: nameOf(one) }));
          }}
          onClose={() => setPending(null)}
        >
          {s.blockBody}
        </ConfirmDialog>
      )}
      {one && pending === 'reset' && (
        <ResetPasswordDialog
          tenantId={tenantId}
          user={one}
          onClose={() => setPending(null)}
          onDone={onDone}
        />
      )}
    </div>
  );
}

function ResetPasswordDialog({
  tenantId,
  user,
  onClose,
  onDone,
}: {
  tenantId: string;
  user: RiskyUser;
  onClose: () => void;
  onDone: (notice: string) => void;
}) {
  const t = useStrings();
  const s = t.identityProtection.riskyUsers;
  const { resetPassword } = useRiskyUserActions(tenantId);
  const [mode, setMode] = useState<'temporaryPassword' | 'forceChangeAtNextSignIn'>('temporaryPassword');
  const [password, setPassword] = useState<string | null>(null);
  const name = nameOf(user);
  return (
    <Dialog open onOpenChange={(_event, data) => !data.open && onClose()}>
      <DialogSurface>
        {password ? (
          <DialogBody>
            <DialogTitle>{s.resetDone}</DialogTitle>
            <DialogContent>
              <Text block>{s.passwordOnce}</Text>
              <Field label={s.temporaryPassword}>
                <Input
                  readOnly
                  value={password}
                  contentAfter={<CopyButton value={password} label={s.temporaryPassword} />}
                />
              </Field>
            </DialogContent>
            <DialogActions>
              <Button appearance="primary" onClick={onClose}>
                {s.done}
              </Button>
            </DialogActions>
          </DialogBody>
        ) : (
          <form
            onSubmit={async (event) => {
              event.preventDefault();
              const result = await resetPassword.mutateAsync({ userId: user.id, mode }).catch(() => null);
              if (!result) return;
              if (result.temporaryPassword) setPassword(result.temporaryPassword);
              else {
                onDone(format(s.resetForced, { name }));
                onClose();
              }
            }}
          >
            <DialogBody>
              <DialogTitle>{format(s.resetTitle, { name })}</DialogTitle>
              <DialogContent>
                <Field label={s.resetMode}>
                  <RadioGroup value={mode} onChange={(_event, data) => setMode(data.value as typeof mode)}>
                    <Radio value="temporaryPassword" label={s.resetTemporary} />
                    <Radio value="forceChangeAtNextSignIn" label={s.resetForce} />
                  </RadioGroup>
                </Field>
                <ApiErrorMessage error={resetPassword.error} />
              </DialogContent>
              <DialogActions>
                <Button type="button" appearance="secondary" onClick={onClose}>
                  {t.common.cancel}
                </Button>
                <Button type="submit" appearance="primary" disabled={resetPassword.isPending}>
                  {s.resetPassword}
                </Button>
              </DialogActions>
            </DialogBody>
          </form>
        )}
      </DialogSurface>
    </Dialog>
  );
}
