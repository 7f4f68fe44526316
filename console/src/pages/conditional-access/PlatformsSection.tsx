import { Checkbox, mergeClasses, Radio, RadioGroup, Text } from '@fluentui/react-components';
import { useStrings } from '../../strings';
import type { Draft } from './draft';
import { Part, type PartProps } from './EditorParts';
import { PLATFORMS } from './model';
import { useStyles } from './shared';

/** The "Device platforms" condition: any platform, all, or chosen ones, and the ones left out. */
export function PlatformsSection({ draft, update, errorFor }: PartProps) {
  const s = useStrings().conditionalAccess;
  const styles = useStyles();
  const platforms = draft.platforms;
  const set = (change: Partial<Draft['platforms']>) =>
    update((d) => ({ ...d, platforms: { ...d.platforms, ...change } }));
  type P = Draft['platforms']['include'][number];
  const toggle = (list: P[], id: P, on: boolean) => (on ? [...list, id] : list.filter((x) => x !== id));
  return (
    <Part title={s.platforms} error={errorFor('conditions.platforms')}>
      <RadioGroup
        aria-label={s.platformsInclude}
        value={platforms.configured ? platforms.mode : 'any'}
        onChange={(_e, data) =>
          data.value === 'any'
            ? set({ configured: false })
            : set({ configured: true, mode: data.value as Draft['platforms']['mode'] })
        }
      >
        <Radio value="any" label={s.platformsAny} />
        <Radio value="all" label={s.platformsAll} />
        <Radio value="selected" label={s.platformsSelected} />
      </RadioGroup>
      {platforms.configured && platforms.mode === 'selected' && (
        <fieldset className={mergeClasses(styles.fieldset, styles.nested)} aria-label={s.platformsInclude}>
          {PLATFORMS.map((platform) => (
            <Checkbox
              key={platform}
              label={s.platformNames[platform]}
              checked={platforms.include.includes(platform)}
              onChange={(_e, data) =>
                set({ include: toggle(platforms.include, platform, data.checked === true) })
              }
            />
          ))}
        </fieldset>
      )}
      {platforms.configured && (
        <fieldset className={mergeClasses(styles.fieldset, styles.nested)} aria-label={s.platformsExclude}>
          <Text weight="semibold">{s.platformsExclude}</Text>
          {PLATFORMS.map((platform) => (
            <Checkbox
              key={platform}
              label={s.platformNames[platform]}
              checked={platforms.exclude.includes(platform)}
              onChange={(_e, data) =>
                set({ exclude: toggle(platforms.exclude, platform, data.checked === true) })
              }
            />
          ))}
        </fieldset>
      )}
    </Part>
  );
}
