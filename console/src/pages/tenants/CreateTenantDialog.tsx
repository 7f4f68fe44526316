import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Dropdown,
  Field,
  Input,
  makeStyles,
  Option,
  Text,
  tokens,
} from '@fluentui/react-components';
import { useState } from 'react';
import { ApiErrorMessage, fieldError, isFieldError } from '../../components/ApiErrorMessage';
import { useStrings } from '../../strings';
import { useCreateTenant } from './api';
import { LANGUAGES, type Tenant } from './model';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
});

/** An id from a display name, as a suggestion: "Contoso Retail" → "contoso-retail". */
export function suggestId(name: string): string {
  return name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');
}

/** Creates a customer tenant: display name, id (suggested from the name), default language. */
export function CreateTenantDialog({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (tenant: Tenant) => void;
}) {
  const t = useStrings();
  const s = t.tenants.createDialog;
  const styles = useStyles();
  const create = useCreateTenant();
  const [displayName, setDisplayName] = useState('');
  const [id, setId] = useState('');
  const [idEdited, setIdEdited] = useState(false);
  const [language, setLanguage] = useState('en');
  const close = () => {
    setDisplayName('');
    setId('');
    setIdEdited(false);
    setLanguage('en');
    create.reset();
    onClose();
  };
  const error = create.error;
  return (
    <Dialog open={open} onOpenChange={(_event, data) => !data.open && close()}>
      <DialogSurface aria-describedby="create-tenant-intro">
        <form
          onSubmit={(event) => {
            event.preventDefault();
            create.mutate(
              { id, displayName, defaultLanguage: language },
              {
                onSuccess: (tenant) => {
                  close();
                  onCreated(tenant);
                },
              },
            );
          }}
        >
          <DialogBody>
            <DialogTitle>{s.title}</DialogTitle>
            <DialogContent className={styles.form}>
              <Text id="create-tenant-intro">{s.intro}</Text>
              <Field
                label={s.displayName}
                hint={s.displayNameHint}
                required
                validationMessage={fieldError(error, 'displayName')}
              >
                <Input
                  value={displayName}
                  maxLength={256}
                  onChange={(_event, data) => {
                    setDisplayName(data.value);
                    if (!idEdited) setId(suggestId(data.value));
                  }}
                />
              </Field>
              <Field label={s.id} hint={s.idHint} required validationMessage={fieldError(error, 'id')}>
                <Input
                  value={id}
                  maxLength={63}
                  autoComplete="off"
                  spellCheck={false}
                  onChange={(_event, data) => {
                    setIdEdited(true);
                    setId(data.value);
                  }}
                />
              </Field>
              <Field
                label={s.language}
                hint={s.languageHint}
                validationMessage={fieldError(error, 'defaultLanguage')}
              >
                <Dropdown
                  value={t.tenants.languages[language] ?? language}
                  selectedOptions={[language]}
                  onOptionSelect={(_event, data) => data.optionValue && setLanguage(data.optionValue)}
                >
                  {LANGUAGES.map((code) => (
                    <Option key={code} value={code}>
                      {t.tenants.languages[code] ?? code}
                    </Option>
                  ))}
                </Dropdown>
              </Field>
              {!isFieldError(error, ['displayName', 'id', 'defaultLanguage']) && (
                <ApiErrorMessage error={error} />
              )}
            </DialogContent>
            <DialogActions>
              <Button type="button" appearance="secondary" onClick={close}>
                {t.common.cancel}
              </Button>
              <Button
                type="submit"
                appearance="primary"
                disabled={create.isPending || !displayName.trim() || !id}
              >
                {create.isPending ? s.creating : s.submit}
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
