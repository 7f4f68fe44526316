import { Spinner } from '@fluentui/react-components';
import { useStrings } from '../strings';

export function Loading({ label }: { label?: string }) {
  const t = useStrings();
  return <Spinner label={label ?? t.common.loading} />;
}
