import { Combobox, Field, makeStyles, Option, Tag, TagGroup, tokens } from '@fluentui/react-components';
import { useQueries } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useApi } from '../../api/ApiProvider';
import { ApiError, unwrap } from '../../api/client';
import { format, useStrings } from '../../strings';
import { useAllGroups, useApplications, useUserSearch } from './api';
import type { DirectoryItem, DirectoryUser } from './model';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    minWidth: 0,
    maxWidth: '480px',
  },
  combo: { width: '100%', minWidth: 0 },
  tags: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalXS },
  tag: { maxWidth: '100%' },
});

/**
 * Picks directory objects: a search box whose options come from `options` (for the text the
 * admin types), and the chosen ones as dismissible tags.
 */
export function ItemPicker({
  label,
  placeholder,
  text,
  onTextChange,
  options,
  selected,
  onChange,
  validationMessage,
  required,
  single,
}: {
  label: string;
  placeholder: string;
  text: string;
  onTextChange: (text: string) => void;
  options: readonly DirectoryItem[];
  selected: readonly DirectoryItem[];
  onChange: (next: DirectoryItem[]) => void;
  validationMessage?: string;
  required?: boolean;
  /** One object only: choosing another replaces it. */
  single?: boolean;
}) {
  const t = useStrings();
  const styles = useStyles();
  const [open, setOpen] = useState(false);
  const chosen = new Set(selected.map((item) => item.id));
  const available = options.filter((option) => !chosen.has(option.id));
  const describe = (item: DirectoryItem) =>
    item.detail ? `${item.displayName} (${item.detail})` : item.displayName;
  return (
    <div className={styles.root}>
      <Field label={label} validationMessage={validationMessage} required={required}>
        <Combobox
          className={styles.combo}
          freeform
          inlinePopup
          placeholder={placeholder}
          value={text}
          open={open}
          onOpenChange={(_event, data) => setOpen(data.open)}
          selectedOptions={[]}
          onChange={(event) => {
            onTextChange(event.target.value);
            setOpen(true);
          }}
          onOptionSelect={(_event, data) => {
            const item = options.find((option) => option.id === data.optionValue);
            if (!item) return;
            onChange(single ? [item] : [...selected, item]);
            onTextChange('');
          }}
        >
          {available.map((item) => (
            <Option key={item.id} value={item.id} text={describe(item)}>
              {describe(item)}
            </Option>
          ))}
          {available.length === 0 && (
            <Option disabled value="" text={t.conditionalAccess.noMatches}>
              {t.conditionalAccess.noMatches}
            </Option>
          )}
        </Combobox>
      </Field>
      {selected.length > 0 && (
        <TagGroup
          className={styles.tags}
          aria-label={label}
          onDismiss={(_event, data) => onChange(selected.filter((item) => item.id !== data.value))}
        >
          {selected.map((item) => (
            <Tag
              key={item.id}
              value={item.id}
              className={styles.tag}
              dismissible
              dismissIcon={{
                'aria-label': format(t.conditionalAccess.removeItem, { name: item.displayName }),
              }}
              secondaryText={item.kind === 'group' ? t.conditionalAccess.group : undefined}
            >
              {item.displayName}
            </Tag>
          ))}
        </TagGroup>
      )}
    </div>
  );
}

/** Debounces the typed text a moment before it becomes a search. */
function useDebounced(value: string, ms = 200) {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/** The users (searched by the API) and groups (filtered here) matching a text. */
export function useDirectoryOptions(tenantId: string, text: string, withGroups: boolean): DirectoryItem[] {
  const search = useDebounced(text.trim());
  const users = useUserSearch(tenantId, search);
  const groups = useAllGroups(tenantId, withGroups);
  return useMemo(() => {
    const lower = search.toLowerCase();
    const userItems: DirectoryItem[] = (users.data?.value ?? []).map((user) => ({
      id: user.id,
      displayName: user.displayName,
      detail: user.mail ?? user.userPrincipalName ?? undefined,
      kind: 'user',
    }));
    const groupItems: DirectoryItem[] = withGroups
      ? (groups.data?.value ?? [])
          .filter((group) => group.displayName.toLowerCase().includes(lower))
          .slice(0, 20)
          .map((group) => ({ id: group.id, displayName: group.displayName, kind: 'group' }))
      : [];
    return [...userItems, ...groupItems];
  }, [users.data, groups.data, search, withGroups]);
}

/** Users and groups of the tenant. */
export function UserGroupPicker({
  tenantId,
  label,
  selected,
  onChange,
  validationMessage,
  withGroups = true,
  single,
  placeholder,
  required,
}: {
  tenantId: string;
  label: string;
  selected: readonly DirectoryItem[];
  onChange: (next: DirectoryItem[]) => void;
  validationMessage?: string;
  withGroups?: boolean;
  single?: boolean;
  placeholder?: string;
  required?: boolean;
}) {
  const t = useStrings();
  const [text, setText] = useState('');
  const options = useDirectoryOptions(tenantId, text, withGroups);
  return (
    <ItemPicker
      label={label}
      placeholder={placeholder ?? t.conditionalAccess.usersPickerPlaceholder}
      text={text}
      onTextChange={setText}
      options={options}
      selected={selected}
      onChange={onChange}
      validationMessage={validationMessage}
      single={single}
      required={required}
    />
  );
}

/** The tenant's applications, by client id (what policies name). */
export function AppPicker({
  tenantId,
  label,
  selected,
  onChange,
  validationMessage,
  required,
}: {
  tenantId: string;
  label: string;
  selected: readonly string[];
  onChange: (next: string[]) => void;
  validationMessage?: string;
  required?: boolean;
}) {
  const t = useStrings();
  const [text, setText] = useState('');
  const apps = useAppItems(tenantId);
  const lower = text.trim().toLowerCase();
  const options = apps.filter((app) => app.displayName.toLowerCase().includes(lower));
  const items = selected.map(
    (id) => apps.find((app) => app.id === id) ?? { id, displayName: id, kind: 'app' as const },
  );
  return (
    <ItemPicker
      label={label}
      placeholder={t.conditionalAccess.appsPickerPlaceholder}
      text={text}
      onTextChange={setText}
      options={options}
      selected={items}
      onChange={(next) => onChange(next.map((item) => item.id))}
      validationMessage={validationMessage}
      required={required}
    />
  );
}

/** The tenant's applications as picker items, id = appId. */
export function useAppItems(tenantId: string): DirectoryItem[] {
  const apps = useApplications(tenantId);
  return useMemo(
    () =>
      (apps.data?.value ?? [])
        .map((app) => ({ id: app.appId, displayName: app.displayName, kind: 'app' as const }))
        .sort((a, b) => a.displayName.localeCompare(b.displayName)),
    [apps.data],
  );
}

/**
 * The users and groups a saved policy names, as picker items (undefined while loading): groups
 * from the group list, users one by one; an object that no longer exists keeps its id.
 */
export function useResolvedItems(
  tenantId: string,
  userIds: readonly string[],
  groupIds: readonly string[],
): Map<string, DirectoryItem> | undefined {
  const api = useApi();
  const groups = useAllGroups(tenantId, groupIds.length > 0);
  const users = useQueries({
    queries: userIds.map((id) => ({
      queryKey: [tenantId, 'users', id, 'conditionalAccessName'],
      staleTime: 60_000,
      queryFn: async () => {
        try {
          return await unwrap<DirectoryUser>(
            api.GET('/api/v1/tenants/{tenantId}/users/{id}', { params: { path: { tenantId, id } } }),
          );
        } catch (error) {
          if (error instanceof ApiError && error.status === 404) return null;
          throw error;
        }
      },
    })),
  });
  if ((groupIds.length > 0 && groups.isPending) || users.some((user) => user.isPending)) return undefined;
  const items = new Map<string, DirectoryItem>();
  userIds.forEach((id, index) => {
    const user = users[index]?.data;
    items.set(id, {
      id,
      displayName: user?.displayName ?? id,
      detail: user?.mail ?? undefined,
      kind: 'user',
    });
  });
  for (const id of groupIds) {
    const group = groups.data?.value.find((g) => g.id === id);
    items.set(id, { id, displayName: group?.displayName ?? id, kind: 'group' });
  }
  return items;
}
