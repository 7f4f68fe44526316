import { InfoLabel, type LabelProps } from '@fluentui/react-components';

/**
 * A Field's label with an (i) button that explains the field: Fluent's InfoLabel pattern,
 * keeping a filter row's fields the same height (a hint under one field would not).
 */
export function infoLabel(label: string, info: string) {
  return {
    children: (_: unknown, props: LabelProps) => (
      <InfoLabel {...props} info={info}>
        {label}
      </InfoLabel>
    ),
  };
}
