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
} from '@fluentui/react-components';
import { type ReactNode, useState } from 'react';
import { format, useStrings } from '../strings';
import { ApiErrorMessage } from './ApiErrorMessage';

/**
 * Asks before a destructive action. With `typed`, the admin types that value (a tenant's or
 * user's name) before the button works. The dialog stays open and shows the API's error if the
 * action fails.
 */
export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  typed,
  onConfirm,
  onClose,
}: {
  open: boolean;
  title: string;
  children?: ReactNode;
  confirmLabel: string;
  typed?: string;
  onConfirm: () => Promise<unknown>;
  onClose: () => void;
}) {
  const t = useStrings();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const close = () => {
    setText('');
    setError(null);
    onClose();
  };
  const ready = typed === undefined || text === typed;
  return (
    <Dialog open={open} onOpenChange={(_event, data) => !data.open && close()}>
      <DialogSurface>
        <form
          onSubmit={async (event) => {
            event.preventDefault();
            if (!ready) return;
            setBusy(true);
            setError(null);
            try {
              await onConfirm();
              close();
            } catch (cause) {
              setError(cause);
            } finally {
              setBusy(false);
            }
          }}
        >
          <DialogBody>
            <DialogTitle>{title}</DialogTitle>
            <DialogContent>
              {children}
              {typed !== undefined && (
                <Field label={format(t.common.typeToConfirm, { value: typed })} required>
                  <Input value={text} onChange={(_event, data) => setText(data.value)} autoComplete="off" />
                </Field>
              )}
              <ApiErrorMessage error={error} />
            </DialogContent>
            <DialogActions>
              <Button type="button" appearance="secondary" onClick={close}>
                {t.common.cancel}
              </Button>
              <Button type="submit" appearance="primary" disabled={!ready || busy}>
                {confirmLabel}
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
