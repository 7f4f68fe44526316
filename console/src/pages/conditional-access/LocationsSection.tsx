import { Checkbox, mergeClasses, Radio, RadioGroup, Text } from '@fluentui/react-components';
import { useStrings } from '../../strings';
import { useNamedLocations } from './api';
import type { Draft } from './draft';
import { Part, type PartProps } from './EditorParts';
import { useStyles } from './shared';

/**
 * The "Locations" condition: any location, all, all trusted, or chosen named locations, and the
 * ones left out. It is the one condition that loads data (the tenant's named locations).
 */
export function LocationsSection({ tenantId, draft, update, errorFor }: PartProps & { tenantId: string }) {
  const s = useStrings().conditionalAccess;
  const styles = useStyles();
  const named = useNamedLocations(tenantId);
  const locations = draft.locations;
  const set = (change: Partial<Draft['locations']>) =>
    update((d) => ({ ...d, locations: { ...d.locations, ...change } }));
  const all = named.data?.value ?? [];
  const toggle = (list: string[], id: string, on: boolean) =>
    on ? [...list, id] : list.filter((x) => x !== id);
  return (
    <Part title={s.locations} error={errorFor('conditions.locations')}>
      <RadioGroup
        aria-label={s.locationsInclude}
        value={locations.configured ? locations.mode : 'any'}
        onChange={(_e, data) =>
          data.value === 'any'
            ? set({ configured: false })
            : set({ configured: true, mode: data.value as Draft['locations']['mode'] })
        }
      >
        <Radio value="any" label={s.locationsAny} />
        <Radio value="all" label={s.locationsAll} />
        <Radio value="allTrusted" label={s.locationsAllTrusted} />
        <Radio value="selected" label={s.locationsSelected} />
      </RadioGroup>
      {locations.configured && locations.mode === 'selected' && (
        <fieldset className={mergeClasses(styles.fieldset, styles.nested)} aria-label={s.locationsSelected}>
          {all.length === 0 && <Text>{s.locationsNone}</Text>}
          {all.map((location) => (
            <Checkbox
              key={location.id}
              label={location.displayName}
              checked={locations.include.includes(location.id)}
              onChange={(_e, data) =>
                set({ include: toggle(locations.include, location.id, data.checked === true) })
              }
            />
          ))}
        </fieldset>
      )}
      {locations.configured && (
        <fieldset className={mergeClasses(styles.fieldset, styles.nested)} aria-label={s.locationsExclude}>
          <Text weight="semibold">{s.locationsExclude}</Text>
          <Checkbox
            label={s.locationsExcludeTrusted}
            checked={locations.excludeTrusted}
            onChange={(_e, data) => set({ excludeTrusted: data.checked === true })}
          />
          {all.map((location) => (
            <Checkbox
              key={location.id}
              label={location.displayName}
              checked={locations.exclude.includes(location.id)}
              onChange={(_e, data) =>
                set({ exclude: toggle(locations.exclude, location.id, data.checked === true) })
              }
            />
          ))}
        </fieldset>
      )}
    </Part>
  );
}
