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
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Textarea,
  tokens,
} from '@fluentui/react-components';
import { AddRegular, DeleteRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import { useParams } from 'react-router';
import { useCan } from '../../api/access';
import { ApiErrorMessage, fieldError, isFieldError } from '../../components/ApiErrorMessage';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { EmptyState } from '../../components/EmptyState';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { format, useStrings } from '../../strings';
import { ACTIONS, useCreateCustomAttribute, useCustomAttributes, useDeleteCustomAttribute } from './api';
import { type CustomAttribute, type CustomAttributeDataType, DATA_TYPES } from './model';

const useStyles = makeStyles({
  scroll: { overflowX: 'auto' },
  secondary: { '@media (max-width: 767px)': { display: 'none' } },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  name: { fontWeight: tokens.fontWeightSemibold, overflowWrap: 'anywhere' },
});

function CreateAttributeDialog({
  tenantId,
  open,
  onClose,
}: {
  tenantId: string;
  open: boolean;
  onClose: () => void;
}) {
  const t = useStrings();
  const styles = useStyles();
  const create = useCreateCustomAttribute(tenantId);
  const [name, setName] = useState('');
  const [dataType, setDataType] = useState<CustomAttributeDataType>('string');
  const [description, setDescription] = useState('');
  const close = () => {
    setName('');
    setDataType('string');
    setDescription('');
    create.reset();
    onClose();
  };
  const error = create.error;
  return (
    <Dialog open={open} onOpenChange={(_event, data) => !data.open && close()}>
      <DialogSurface>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            create
              .mutateAsync({ name, dataType, description: description.trim() === '' ? null : description })
              .then(close, () => undefined);
          }}
        >
          <DialogBody>
            <DialogTitle>{t.flows.createAttributeTitle}</DialogTitle>
            <DialogContent className={styles.form}>
              <Field
                label={t.flows.attributeName}
                hint={t.flows.attributeNameHint}
                required
                validationMessage={fieldError(error, 'name')}
              >
                <Input value={name} onChange={(_event, data) => setName(data.value)} autoComplete="off" />
              </Field>
              <Field label={t.flows.dataType} required validationMessage={fieldError(error, 'dataType')}>
                <Dropdown
                  inlinePopup
                  value={t.flows.dataTypes[dataType]}
                  selectedOptions={[dataType]}
                  onOptionSelect={(_event, data) =>
                    data.optionValue && setDataType(data.optionValue as CustomAttributeDataType)
                  }
                >
                  {DATA_TYPES.map((type) => (
                    <Option key={type} value={type}>
                      {t.flows.dataTypes[type]}
                    </Option>
                  ))}
                </Dropdown>
              </Field>
              <Field label={t.flows.description} validationMessage={fieldError(error, 'description')}>
                <Textarea value={description} onChange={(_event, data) => setDescription(data.value)} />
              </Field>
              {error && !isFieldError(error, ['name', 'dataType', 'description']) && (
                <ApiErrorMessage error={error} />
              )}
            </DialogContent>
            <DialogActions>
              <Button type="button" appearance="secondary" onClick={close}>
                {t.common.cancel}
              </Button>
              <Button type="submit" appearance="primary" disabled={create.isPending}>
                {t.common.create}
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}

/** /t/:tenantId/custom-attributes: the tenant's custom user attributes. */
export function Component() {
  const t = useStrings();
  const styles = useStyles();
  const { tenantId = '' } = useParams();
  const can = useCan();
  const { data, isPending, error } = useCustomAttributes(tenantId);
  const remove = useDeleteCustomAttribute(tenantId);
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<CustomAttribute | null>(null);
  const canManage = can(ACTIONS.manageAttributes, tenantId);
  const attributes = data?.value ?? [];
  const create = canManage && (
    <Button appearance="primary" icon={<AddRegular />} onClick={() => setCreating(true)}>
      {t.flows.newAttribute}
    </Button>
  );
  return (
    <>
      <PageHeader
        title={t.flows.attributesTitle}
        subtitle={t.flows.attributesSubtitle}
        actions={attributes.length > 0 && create}
      />
      <ApiErrorMessage error={error} />
      {isPending ? (
        <Loading />
      ) : attributes.length === 0 && !error ? (
        <EmptyState title={t.flows.attributesEmptyTitle} action={create || undefined}>
          {canManage ? t.flows.attributesEmptyBody : t.flows.attributesEmptyReadOnly}
        </EmptyState>
      ) : (
        <div className={styles.scroll}>
          <Table aria-label={t.flows.attributesListLabel}>
            <TableHeader>
              <TableRow>
                <TableHeaderCell>{t.flows.attributeColumns.name}</TableHeaderCell>
                <TableHeaderCell>{t.flows.attributeColumns.dataType}</TableHeaderCell>
                <TableHeaderCell className={styles.secondary}>
                  {t.flows.attributeColumns.description}
                </TableHeaderCell>
                <TableHeaderCell className={styles.secondary}>
                  {t.flows.attributeColumns.claimName}
                </TableHeaderCell>
                {canManage && <TableHeaderCell>{t.flows.attributeColumns.actions}</TableHeaderCell>}
              </TableRow>
            </TableHeader>
            <TableBody>
              {attributes.map((attribute) => (
                <TableRow key={attribute.id}>
                  <TableCell>
                    <span className={styles.name}>{attribute.name}</span>
                  </TableCell>
                  <TableCell>{t.flows.dataTypes[attribute.dataType]}</TableCell>
                  <TableCell className={styles.secondary}>{attribute.description ?? ''}</TableCell>
                  <TableCell className={styles.secondary}>
                    <code>{attribute.claimName}</code>
                  </TableCell>
                  {canManage && (
                    <TableCell>
                      <Button
                        appearance="subtle"
                        icon={<DeleteRegular />}
                        aria-label={format(t.flows.deleteAttribute, { name: attribute.name })}
                        onClick={() => setDeleting(attribute)}
                      />
                    </TableCell>
                  )}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
      <CreateAttributeDialog tenantId={tenantId} open={creating} onClose={() => setCreating(false)} />
      <ConfirmDialog
        open={deleting !== null}
        title={format(t.flows.deleteAttributeTitle, { name: deleting?.name ?? '' })}
        confirmLabel={t.common.delete}
        onConfirm={() => remove.mutateAsync(deleting?.id ?? '')}
        onClose={() => setDeleting(null)}
      >
        {t.flows.deleteAttributeBody}
      </ConfirmDialog>
    </>
  );
}
