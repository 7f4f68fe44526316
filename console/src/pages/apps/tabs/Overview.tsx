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
  makeStyles,
  Text,
  tokens,
} from '@fluentui/react-components';
import { EditRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import { useCan } from '../../../api/access';
import { ApiErrorMessage, fieldError } from '../../../components/ApiErrorMessage';
import { CopyButton } from '../../../components/CopyButton';
import { Loading } from '../../../components/Loading';
import { useStrings } from '../../../strings';
import { useAppContext } from '../AppPage';
import { ACTIONS, issuerOf, useBaseUrl, useDiscovery, useUpdateApplication } from '../api';
import { useTableStyles } from '../shared';

const useStyles = makeStyles({
  list: {
    display: 'grid',
    gridTemplateColumns: 'minmax(160px, max-content) 1fr',
    columnGap: tokens.spacingHorizontalL,
    rowGap: tokens.spacingVerticalS,
    alignItems: 'center',
    margin: 0,
    '@media (max-width: 767px)': { gridTemplateColumns: '1fr', rowGap: tokens.spacingVerticalXXS },
  },
  term: { fontWeight: tokens.fontWeightSemibold },
  value: {
    margin: 0,
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalXS,
    minWidth: 0,
    '@media (max-width: 767px)': { marginBottom: tokens.spacingVerticalS },
  },
  mono: { fontFamily: tokens.fontFamilyMonospace, overflowWrap: 'anywhere', minWidth: 0 },
});

/** Label, value, copy button: the rows of the Overview. */
export function ValueList({ rows }: { rows: { label: string; value: string | undefined }[] }) {
  const styles = useStyles();
  return (
    <dl className={styles.list}>
      {rows.map(({ label, value }) => (
        <div key={label} style={{ display: 'contents' }}>
          <dt className={styles.term}>{label}</dt>
          <dd className={styles.value}>
            <span className={styles.mono}>{value ?? '—'}</span>
            {value && <CopyButton value={value} label={label} />}
          </dd>
        </div>
      ))}
    </dl>
  );
}

function RenameDialog({ onClose }: { onClose: () => void }) {
  const t = useStrings();
  const { tenantId, app } = useAppContext();
  const [name, setName] = useState(app.displayName);
  const update = useUpdateApplication(tenantId, app.id);
  return (
    <Dialog open onOpenChange={(_event, data) => !data.open && onClose()}>
      <DialogSurface>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            update.mutate({ displayName: name }, { onSuccess: onClose });
          }}
        >
          <DialogBody>
            <DialogTitle>{t.apps.overview.renameTitle}</DialogTitle>
            <DialogContent>
              <Field
                label={t.apps.overview.displayName}
                required
                validationMessage={fieldError(update.error, 'displayName')}
              >
                <Input value={name} onChange={(_event, data) => setName(data.value)} />
              </Field>
              {!fieldError(update.error, 'displayName') && <ApiErrorMessage error={update.error} />}
            </DialogContent>
            <DialogActions>
              <Button type="button" onClick={onClose}>
                {t.common.cancel}
              </Button>
              <Button type="submit" appearance="primary" disabled={update.isPending}>
                {t.common.save}
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}

/** Overview: the app's identifiers and the tenant's endpoints, each to copy. */
export function OverviewTab() {
  const t = useStrings();
  const shared = useTableStyles();
  const can = useCan();
  const { tenantId, app } = useAppContext();
  const issuer = issuerOf(useBaseUrl(), tenantId);
  const discovery = useDiscovery(tenantId);
  const [renaming, setRenaming] = useState(false);
  const o = t.apps.overview;
  return (
    <>
      <section className={shared.section} aria-labelledby="essentials">
        <div className={shared.row}>
          <Text as="h2" size={500} weight="semibold" id="essentials">
            {o.essentials}
          </Text>
          {can(ACTIONS.update, tenantId) && (
            <Button icon={<EditRegular />} onClick={() => setRenaming(true)}>
              {o.rename}
            </Button>
          )}
        </div>
        <ValueList
          rows={[
            { label: o.displayName, value: app.displayName },
            { label: o.appId, value: app.appId },
            { label: o.objectId, value: app.id },
          ]}
        />
      </section>
      <section className={shared.section} aria-labelledby="endpoints">
        <Text as="h2" size={500} weight="semibold" id="endpoints">
          {o.endpoints}
        </Text>
        <ApiErrorMessage error={discovery.error} />
        {discovery.isPending ? (
          <Loading />
        ) : (
          <ValueList
            rows={[
              { label: o.issuer, value: discovery.data?.issuer ?? issuer },
              { label: o.discovery, value: `${issuer}/.well-known/openid-configuration` },
              { label: o.authorize, value: discovery.data?.authorization_endpoint },
              { label: o.token, value: discovery.data?.token_endpoint },
              { label: o.logout, value: discovery.data?.end_session_endpoint },
              { label: o.jwks, value: discovery.data?.jwks_uri },
            ]}
          />
        )}
      </section>
      {renaming && <RenameDialog onClose={() => setRenaming(false)} />}
    </>
  );
}
