import {
  Badge,
  Button,
  Checkbox,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Text,
  Textarea,
} from '@fluentui/react-components';
import { AddRegular, DeleteRegular, GlobeRegular, LocationRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import { useParams } from 'react-router';
import { useCan } from '../../api/access';
import { ApiErrorMessage, fieldError } from '../../components/ApiErrorMessage';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { type Column, DataTable } from '../../components/DataTable';
import { DetailsDrawer } from '../../components/DetailsDrawer';
import { EmptyState } from '../../components/EmptyState';
import { formatDateTime } from '../../components/format';
import { Loading } from '../../components/Loading';
import { format, useStrings } from '../../strings';
import {
  ACTIONS,
  type NamedLocationBody,
  useDeleteNamedLocation,
  useNamedLocations,
  useSaveNamedLocation,
} from './api';
import { CountryChecklist } from './Countries';
import { COUNTRY_LOCATION, IP_LOCATION, type IpRange, type NamedLocation } from './model';
import { AreaHeader, countryName, useStyles } from './shared';

type Editing = { kind: typeof IP_LOCATION | typeof COUNTRY_LOCATION; location?: NamedLocation };

/** Named locations: IP ranges (trusted or not) and countries, that policies include or exclude. */
export function NamedLocationsPage() {
  const t = useStrings();
  const s = t.conditionalAccess;
  const styles = useStyles();
  const { tenantId = '' } = useParams();
  const can = useCan();
  const canEdit = can(ACTIONS.locations, tenantId);
  const locations = useNamedLocations(tenantId);
  const remove = useDeleteNamedLocation(tenantId);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [deleting, setDeleting] = useState<NamedLocation | null>(null);
  const rows = locations.data?.value ?? [];

  const create = canEdit && (
    <>
      <Button appearance="primary" icon={<AddRegular />} onClick={() => setEditing({ kind: IP_LOCATION })}>
        {s.newIpLocation}
      </Button>
      <Button icon={<GlobeRegular />} onClick={() => setEditing({ kind: COUNTRY_LOCATION })}>
        {s.newCountryLocation}
      </Button>
    </>
  );
  const columns: Column<NamedLocation>[] = [
    { id: 'name', header: t.common.name, cell: (location) => location.displayName },
    {
      id: 'type',
      header: s.columns.type,
      secondary: true,
      cell: (location) => (location['@odata.type'] === IP_LOCATION ? s.typeIp : s.typeCountry),
    },
    {
      id: 'trusted',
      header: s.columns.trusted,
      cell: (location) =>
        location['@odata.type'] === IP_LOCATION ? (
          location.isTrusted ? (
            <Badge appearance="tint" color="success">
              {s.trustedYes}
            </Badge>
          ) : (
            s.trustedNo
          )
        ) : (
          ''
        ),
    },
    {
      id: 'detail',
      header: s.columns.detail,
      secondary: true,
      cell: (location) =>
        location['@odata.type'] === IP_LOCATION
          ? summarize(
              location.ipRanges.map((range) => range.cidrAddress),
              format(s.rangesCount, { count: location.ipRanges.length }),
            )
          : summarize(
              [
                ...location.countriesAndRegions.map(countryName),
                ...(location.includeUnknownCountriesAndRegions ? [s.unknownArea] : []),
              ],
              format(s.countriesCount, { count: location.countriesAndRegions.length }),
            ),
    },
    {
      id: 'modified',
      header: s.modified,
      secondary: true,
      cell: (location) => formatDateTime(location.modifiedDateTime ?? location.createdDateTime),
    },
  ];
  if (canEdit)
    columns.push({
      id: 'actions',
      header: s.columns.actions,
      cell: (location) => (
        <Button
          appearance="subtle"
          icon={<DeleteRegular />}
          aria-label={format(s.locationActions, { name: location.displayName })}
          onClick={() => setDeleting(location)}
        />
      ),
    });

  return (
    <>
      <AreaHeader page="namedLocations" subtitle={s.locationsSubtitle} actions={rows.length > 0 && create} />
      {!canEdit && (
        <MessageBar intent="info" className={styles.notice}>
          <MessageBarBody>{s.readOnly}</MessageBarBody>
        </MessageBar>
      )}
      <ApiErrorMessage error={locations.error} />
      {locations.isPending ? (
        <Loading />
      ) : rows.length === 0 && !locations.error ? (
        <EmptyState
          title={s.emptyLocationsTitle}
          action={create ? <div className={styles.actions}>{create}</div> : undefined}
        >
          {canEdit ? s.emptyLocationsBody : s.emptyLocationsReadOnly}
        </EmptyState>
      ) : (
        <DataTable
          label={s.locationsLabel}
          rows={rows}
          columns={columns}
          rowKey={(location) => location.id}
          rowLabel={(location) => location.displayName}
          busy={locations.isFetching}
          onOpen={(location) => setEditing({ kind: location['@odata.type'], location })}
        />
      )}
      {editing && (
        <LocationDrawer
          key={editing.location?.id ?? editing.kind}
          tenantId={tenantId}
          editing={editing}
          readOnly={!canEdit}
          onDelete={(location) => setDeleting(location)}
          onClose={() => setEditing(null)}
        />
      )}
      <ConfirmDialog
        open={deleting !== null}
        title={s.deleteLocationTitle}
        confirmLabel={t.common.delete}
        onConfirm={async () => {
          await remove.mutateAsync(deleting?.id ?? '');
          setEditing(null);
        }}
        onClose={() => setDeleting(null)}
      >
        <Text>{format(s.deleteLocationBody, { name: deleting?.displayName ?? '' })}</Text>
      </ConfirmDialog>
    </>
  );
}

/** The first few values, then how many in all. */
function summarize(values: string[], total: string): string {
  if (values.length <= 3) return values.join(', ');
  return `${values.slice(0, 3).join(', ')}… (${total})`;
}

function LocationDrawer({
  tenantId,
  editing,
  readOnly,
  onDelete,
  onClose,
}: {
  tenantId: string;
  editing: Editing;
  readOnly: boolean;
  onDelete: (location: NamedLocation) => void;
  onClose: () => void;
}) {
  const t = useStrings();
  const s = t.conditionalAccess;
  const styles = useStyles();
  const save = useSaveNamedLocation(tenantId);
  const { location, kind } = editing;
  const ip = location?.['@odata.type'] === IP_LOCATION ? location : undefined;
  const country = location?.['@odata.type'] === COUNTRY_LOCATION ? location : undefined;
  const [name, setName] = useState(location?.displayName ?? '');
  const [ranges, setRanges] = useState(ip?.ipRanges.map((range) => range.cidrAddress).join('\n') ?? '');
  const [trusted, setTrusted] = useState(ip?.isTrusted ?? false);
  const [countries, setCountries] = useState<string[]>(country?.countriesAndRegions ?? []);
  const [unknown, setUnknown] = useState(country?.includeUnknownCountriesAndRegions ?? false);
  const [local, setLocal] = useState<Record<string, string>>({});
  const isIp = kind === IP_LOCATION;
  const title = location ? location.displayName : isIp ? s.newIpLocationTitle : s.newCountryLocationTitle;
  const fields = [
    'displayName',
    'ipRanges',
    'countriesAndRegions',
    'isTrusted',
    'includeUnknownCountriesAndRegions',
  ];
  const banner = fields.some((field) => fieldError(save.error, field)) ? null : save.error;

  const submit = () => {
    const errors: Record<string, string> = {};
    const cidrs = ranges
      .split(/[\s,]+/)
      .map((value) => value.trim())
      .filter(Boolean);
    if (!name.trim()) errors.displayName = s.locationNameRequired;
    if (isIp && cidrs.length === 0) errors.ipRanges = s.ipRangesRequired;
    if (!isIp && countries.length === 0 && !unknown) errors.countriesAndRegions = s.countriesRequired;
    setLocal(errors);
    save.reset();
    if (Object.keys(errors).length > 0) return;
    const body: NamedLocationBody = isIp
      ? {
          '@odata.type': IP_LOCATION,
          displayName: name.trim(),
          isTrusted: trusted,
          ipRanges: cidrs.map(
            (cidr): IpRange => ({
              '@odata.type': cidr.includes(':')
                ? '#microsoft.graph.iPv6CidrRange'
                : '#microsoft.graph.iPv4CidrRange',
              cidrAddress: cidr,
            }),
          ),
        }
      : {
          '@odata.type': COUNTRY_LOCATION,
          displayName: name.trim(),
          countriesAndRegions: countries,
          includeUnknownCountriesAndRegions: unknown,
        };
    save.mutate({ id: location?.id, body }, { onSuccess: onClose });
  };

  return (
    <DetailsDrawer
      open
      title={title}
      onClose={onClose}
      actions={
        location &&
        !readOnly && (
          <div className={styles.actions}>
            <Button icon={<DeleteRegular />} onClick={() => onDelete(location)}>
              {s.deleteLocation}
            </Button>
          </div>
        )
      }
    >
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <fieldset disabled={readOnly} className={styles.fieldset}>
          <div className={styles.section}>
            {location && (
              <Text className={styles.muted}>
                {s.createdOn}: {formatDateTime(location.createdDateTime)}
              </Text>
            )}
            <Field
              label={s.locationName}
              required
              validationMessage={local.displayName ?? fieldError(save.error, 'displayName')}
            >
              <Input value={name} onChange={(_e, data) => setName(data.value)} />
            </Field>
            {isIp ? (
              <>
                <Field
                  label={s.ipRanges}
                  hint={s.ipRangesHint}
                  required
                  validationMessage={local.ipRanges ?? fieldError(save.error, 'ipRanges')}
                >
                  <Textarea
                    value={ranges}
                    rows={6}
                    resize="vertical"
                    onChange={(_e, data) => setRanges(data.value)}
                    placeholder={'203.0.113.0/24\n2001:db8::/32'}
                  />
                </Field>
                <Checkbox
                  label={s.markTrusted}
                  checked={trusted}
                  onChange={(_e, data) => setTrusted(data.checked === true)}
                />
              </>
            ) : (
              <>
                <CountryChecklist
                  label={s.countries}
                  selected={countries}
                  onChange={setCountries}
                  error={local.countriesAndRegions ?? fieldError(save.error, 'countriesAndRegions')}
                />
                <Field hint={s.includeUnknownHint}>
                  <Checkbox
                    label={s.includeUnknown}
                    checked={unknown}
                    onChange={(_e, data) => setUnknown(data.checked === true)}
                  />
                </Field>
              </>
            )}
            <ApiErrorMessage error={banner} />
            {!readOnly && (
              <div className={styles.actions}>
                <Button
                  type="submit"
                  appearance="primary"
                  icon={isIp ? <LocationRegular /> : <GlobeRegular />}
                  disabled={save.isPending}
                >
                  {s.saveLocation}
                </Button>
                <Button type="button" onClick={onClose}>
                  {t.common.cancel}
                </Button>
              </div>
            )}
          </div>
        </fieldset>
      </form>
    </DetailsDrawer>
  );
}
