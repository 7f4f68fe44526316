import { Button, Field, Select, Text } from '@fluentui/react-components';
import { AddRegular, DeleteRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import { useCan } from '../../api/access';
import { ApiErrorMessage, fieldError } from '../../components/ApiErrorMessage';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { type Column, DataTable } from '../../components/DataTable';
import { EmptyState } from '../../components/EmptyState';
import { Loading } from '../../components/Loading';
import { format, useStrings } from '../../strings';
import {
  ACTIONS,
  useApplications,
  useBooleanAttributes,
  useExtensions,
  useListenerActions,
  useListeners,
} from './api';
import {
  type AuthenticationEvent,
  appIdsOf,
  type CustomExtension,
  eventOf,
  type Listener,
  listenersOf,
} from './model';
import { ReadOnlyNotice, useStyles } from './shared';

interface AppRow {
  /** null: the listener covers every application. */
  appId: string | null;
  listener: Listener;
}

/**
 * The applications whose sign-ins call the extension: the apps of the listeners that use it.
 * An app serves one extension per event, so apps bound to another are offered disabled.
 */
export function ExtensionApplications({
  tenantId,
  extension,
  event,
}: {
  tenantId: string;
  extension: CustomExtension;
  event: AuthenticationEvent;
}) {
  const t = useStrings();
  const s = t.extensions.applications;
  const styles = useStyles();
  const can = useCan();
  const canEdit = can(ACTIONS.manageListeners, tenantId);
  const listeners = useListeners(tenantId);
  const apps = useApplications(tenantId, can(ACTIONS.readApps, tenantId));
  const extensions = useExtensions(tenantId);
  const attributes = useBooleanAttributes(
    tenantId,
    event === 'passwordSubmit' && can(ACTIONS.readAttributes, tenantId),
  );
  const { add, remove, setMigrationProperty } = useListenerActions(tenantId);
  const [chosen, setChosen] = useState('');
  const [attribute, setAttribute] = useState('');
  const [removing, setRemoving] = useState<AppRow | null>(null);

  if (listeners.isPending) return <Loading />;
  const all = listeners.data?.value ?? [];
  const own = listenersOf(all, extension.id);
  const rows = own.flatMap((listener): AppRow[] =>
    listener.conditions.applications.includeAllApplications
      ? [{ appId: null, listener }]
      : appIdsOf(listener).map((appId) => ({ appId, listener })),
  );
  const appList = [...(apps.data?.value ?? [])].sort((a, b) => a.displayName.localeCompare(b.displayName));
  const nameOf = (appId: string | null) =>
    appId === null ? s.allApplications : (appList.find((app) => app.appId === appId)?.displayName ?? appId);
  // Which other extension of this event each app already calls.
  const takenBy = new Map<string, string>();
  for (const listener of all) {
    if (listener.handler.customExtension.id === extension.id || eventOf(listener) !== event) continue;
    const other = extensions.data?.value.find((e) => e.id === listener.handler.customExtension.id);
    for (const appId of appIdsOf(listener)) takenBy.set(appId, other?.displayName ?? listener.id);
  }
  const mine = new Set(rows.map((row) => row.appId));
  const candidates = appList.filter((app) => !mine.has(app.appId));
  const first = own[0];
  const migration = first?.handler.migrationPropertyId ?? attribute;
  const needsAttribute = event === 'passwordSubmit' && !migration;

  const columns: Column<AppRow>[] = [
    { id: 'name', header: s.name, cell: (row) => nameOf(row.appId) },
    {
      id: 'appId',
      header: s.appId,
      secondary: true,
      cell: (row) => <span className={styles.mono}>{row.appId ?? ''}</span>,
    },
  ];
  if (canEdit)
    columns.push({
      id: 'actions',
      header: t.common.actions,
      cell: (row) => (
        <Button
          appearance="subtle"
          icon={<DeleteRegular />}
          aria-label={format(s.removeLabel, { name: nameOf(row.appId) })}
          onClick={() => setRemoving(row)}
        />
      ),
    });

  return (
    <div className={styles.section}>
      <ReadOnlyNotice show={!canEdit} />
      <Text>{event === 'tokenIssuanceStart' ? s.introTokens : s.intro}</Text>
      <ApiErrorMessage error={listeners.error ?? apps.error} />

      {event === 'passwordSubmit' && (
        <Field
          label={s.migrationAttribute}
          hint={s.migrationAttributeHint}
          required
          validationMessage={
            fieldError(add.error, 'handler.migrationPropertyId') ??
            fieldError(setMigrationProperty.error, 'handler.migrationPropertyId') ??
            (attributes.data?.length === 0 ? s.noBooleanAttributes : undefined)
          }
        >
          <Select
            className={styles.fill}
            value={migration}
            disabled={!canEdit}
            onChange={(_e, data) => {
              setAttribute(data.value);
              if (first && data.value)
                setMigrationProperty.mutate({ listener: first, migrationPropertyId: data.value });
            }}
          >
            <option value="">{s.migrationAttributePlaceholder}</option>
            {migration && !attributes.data?.some((a) => a.name === migration) && (
              <option value={migration}>{migration}</option>
            )}
            {(attributes.data ?? []).map((a) => (
              <option key={a.id} value={a.name}>
                {a.name}
              </option>
            ))}
          </Select>
        </Field>
      )}

      {canEdit && (
        <form
          className={styles.row}
          onSubmit={(e) => {
            e.preventDefault();
            if (!chosen || needsAttribute) return;
            add.mutate(
              {
                event,
                extension,
                listener: own.find((l) => !l.conditions.applications.includeAllApplications),
                appId: chosen,
                migrationPropertyId: migration || undefined,
              },
              { onSuccess: () => setChosen('') },
            );
          }}
        >
          <Field label={s.addLabel} className={styles.grow}>
            <Select className={styles.fill} value={chosen} onChange={(_e, data) => setChosen(data.value)}>
              <option value="">{candidates.length ? s.addPlaceholder : s.noMoreApps}</option>
              {candidates.map((app) => {
                const other = takenBy.get(app.appId);
                return (
                  <option key={app.id} value={app.appId} disabled={other !== undefined}>
                    {other ? format(s.usesOther, { name: app.displayName, other }) : app.displayName}
                  </option>
                );
              })}
            </Select>
          </Field>
          <Button
            type="submit"
            appearance="primary"
            icon={<AddRegular />}
            disabled={!chosen || needsAttribute || add.isPending}
          >
            {s.add}
          </Button>
        </form>
      )}
      <ApiErrorMessage
        error={
          fieldError(add.error, 'handler.migrationPropertyId')
            ? null
            : (add.error ?? setMigrationProperty.error)
        }
      />

      {rows.length === 0 ? (
        <EmptyState title={s.emptyTitle}>{canEdit ? s.emptyBody : s.emptyReadOnly}</EmptyState>
      ) : (
        <DataTable
          label={s.tableLabel}
          rows={rows}
          columns={columns}
          rowKey={(row) => `${row.listener.id}:${row.appId ?? '*'}`}
          rowLabel={(row) => nameOf(row.appId)}
          busy={listeners.isFetching}
        />
      )}
      <ConfirmDialog
        open={removing !== null}
        title={s.removeTitle}
        confirmLabel={t.common.remove}
        onConfirm={() =>
          remove.mutateAsync({ listener: removing?.listener as Listener, appId: removing?.appId ?? null })
        }
        onClose={() => setRemoving(null)}
      >
        <Text>
          {format(s.removeBody, {
            name: removing ? nameOf(removing.appId) : '',
            extension: extension.displayName,
          })}
        </Text>
      </ConfirmDialog>
    </div>
  );
}
