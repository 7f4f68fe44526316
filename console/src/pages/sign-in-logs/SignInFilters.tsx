import { Combobox, Field, Input, makeStyles, Option, Select } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { fieldError } from '../../components/ApiErrorMessage';
import { DateRangeFields, FilterBar } from '../../components/FilterBar';
import { useStrings } from '../../strings';
import { useApplicationOptions, useUserName, useUserSearch } from './api';
import { infoLabel } from './infoLabel';
import { isUuid, type SignInFilterValues, type UserOption } from './model';

const NARROW = '@media (max-width: 767px)';

const useStyles = makeStyles({
  field: { minWidth: '150px', maxWidth: '100%', [NARROW]: { flexGrow: 1 } },
  wide: { minWidth: '220px', maxWidth: '100%', [NARROW]: { flexGrow: 1 } },
  // Fluent's Combobox and Select keep their intrinsic width otherwise.
  control: { minWidth: 0, width: '100%' },
});

/** Calls `apply` with the text a moment after the last key (text filters). */
function useDebounced(text: string, apply: (value: string) => void, current: string) {
  useEffect(() => {
    if (text.trim() === current) return;
    const timer = setTimeout(() => apply(text.trim()), 400);
    return () => clearTimeout(timer);
  }, [text, current, apply]);
}

const userLabel = (user: UserOption) => {
  const login =
    user.identities.find((i) => i.signInType === 'userName' || i.signInType === 'emailAddress')
      ?.issuerAssignedId ?? user.mail;
  return login ? `${user.displayName} (${login})` : user.displayName;
};

/** The user filter: a picker searching the tenant's users, or an object id typed or pasted. */
function UserPicker({
  tenantId,
  userId,
  onChange,
}: {
  tenantId: string;
  userId: string;
  onChange: (userId: string) => void;
}) {
  const t = useStrings();
  const styles = useStyles();
  const [text, setText] = useState('');
  const [search, setSearch] = useState('');
  const [open, setOpen] = useState(false);
  const found = useUserSearch(tenantId, search);
  const named = useUserName(tenantId, userId);
  const options = search ? (found.data?.value ?? []) : [];

  // The name of a user the filter holds (picked, or an id typed): shown once known.
  useEffect(() => {
    if (named.data && named.data.id === userId && isUuid(text)) setText(userLabel(named.data));
  }, [named.data, userId, text]);
  useEffect(() => {
    const timer = setTimeout(() => setSearch(isUuid(text.trim()) ? '' : text.trim()), 250);
    return () => clearTimeout(timer);
  }, [text]);

  return (
    <Field label={infoLabel(t.signInLogs.user, t.signInLogs.userHint)} className={styles.wide}>
      <Combobox
        freeform
        inlinePopup
        className={styles.control}
        placeholder={t.signInLogs.userPlaceholder}
        value={text}
        open={open && search !== ''}
        onOpenChange={(_event, data) => setOpen(data.open)}
        selectedOptions={userId ? [userId] : []}
        onChange={(event) => {
          const value = event.target.value;
          setText(value);
          setOpen(true);
          const trimmed = value.trim();
          if (isUuid(trimmed)) onChange(trimmed.toLowerCase());
          else if (userId) onChange('');
        }}
        onOptionSelect={(_event, data) => {
          const user = options.find((u) => u.id === data.optionValue);
          if (!user) return;
          setText(userLabel(user));
          setSearch('');
          onChange(user.id);
        }}
      >
        {options.map((user) => (
          <Option key={user.id} value={user.id} text={userLabel(user)}>
            {userLabel(user)}
          </Option>
        ))}
        {search && !found.isFetching && options.length === 0 && (
          <Option disabled value="" text={t.signInLogs.noUserFound}>
            {t.signInLogs.noUserFound}
          </Option>
        )}
      </Combobox>
    </Field>
  );
}

/**
 * The sign-in list's filters: Entra's — date, user, application, status, IP, Conditional Access, risk.
 * Text fields keep their own text: remount (a new `key`) to clear them.
 */
export function SignInFilters({
  tenantId,
  filters,
  error,
  onChange,
}: {
  tenantId: string;
  filters: SignInFilterValues;
  /** The list's error, to show a filter's own at that filter. */
  error: unknown;
  onChange: (patch: Partial<SignInFilterValues>) => void;
}) {
  const t = useStrings();
  const styles = useStyles();
  const apps = useApplicationOptions(tenantId);
  const [ip, setIp] = useState(filters.ipAddress);
  useDebounced(ip, (ipAddress) => onChange({ ipAddress }), filters.ipAddress);

  return (
    <FilterBar label={t.signInLogs.filtersLabel}>
      <DateRangeFields from={filters.from} to={filters.to} onChange={(range) => onChange(range)} />
      <UserPicker tenantId={tenantId} userId={filters.userId} onChange={(userId) => onChange({ userId })} />
      <Field label={t.signInLogs.application} className={styles.wide}>
        <Select
          className={styles.control}
          value={filters.appId}
          onChange={(_event, data) => onChange({ appId: data.value })}
        >
          <option value="">{t.signInLogs.anyApplication}</option>
          {(apps.data?.value ?? [])
            .slice()
            .sort((a, b) => a.displayName.localeCompare(b.displayName))
            .map((app) => (
              <option key={app.appId} value={app.appId}>
                {app.displayName}
              </option>
            ))}
        </Select>
      </Field>
      <Field label={t.signInLogs.status} className={styles.field}>
        <Select
          className={styles.control}
          value={filters.status}
          onChange={(_event, data) => onChange({ status: data.value as SignInFilterValues['status'] })}
        >
          <option value="">{t.signInLogs.anyValue}</option>
          <option value="success">{t.signInLogs.statuses.success}</option>
          <option value="failure">{t.signInLogs.statuses.failure}</option>
        </Select>
      </Field>
      <Field
        label={t.signInLogs.ipAddress}
        className={styles.field}
        validationMessage={fieldError(error, 'ipAddress')}
      >
        <Input
          className={styles.control}
          value={ip}
          placeholder={t.signInLogs.ipPlaceholder}
          onChange={(_event, data) => setIp(data.value)}
        />
      </Field>
      <Field label={t.signInLogs.conditionalAccess} className={styles.field}>
        <Select
          className={styles.control}
          value={filters.conditionalAccessStatus}
          onChange={(_event, data) =>
            onChange({ conditionalAccessStatus: data.value as SignInFilterValues['conditionalAccessStatus'] })
          }
        >
          <option value="">{t.signInLogs.anyValue}</option>
          {(['success', 'failure', 'notApplied'] as const).map((value) => (
            <option key={value} value={value}>
              {t.signInLogs.caStatuses[value]}
            </option>
          ))}
        </Select>
      </Field>
      <Field label={t.signInLogs.riskLevel} className={styles.field}>
        <Select
          className={styles.control}
          value={filters.riskLevel}
          onChange={(_event, data) => onChange({ riskLevel: data.value as SignInFilterValues['riskLevel'] })}
        >
          <option value="">{t.signInLogs.anyValue}</option>
          {(['none', 'low', 'medium', 'high'] as const).map((value) => (
            <option key={value} value={value}>
              {t.signInLogs.riskLevels[value]}
            </option>
          ))}
        </Select>
      </Field>
    </FilterBar>
  );
}
